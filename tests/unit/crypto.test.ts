import { describe, expect, it, vi } from 'vitest';
import { decrypt, encrypt, importAesKey } from '@/utils/crypto/aead';
import { fromUtf8, randomBytes, utf8 } from '@/utils/crypto/bytes';
import { deriveKey, estimateKdf } from '@/utils/crypto/kdf';
import { generateKeyPair, importPrivateKey, open, seal } from '@/utils/crypto/seal';
import { TEST_KDF } from './helpers/vault';

const binding = { table: 'credentials', id: 'c1', field: 'value', version: 1, context: { kind: 'apiKey' } };

describe('AES-256-GCM with a record binding', () => {
  it('round-trips and refuses another binding or a flipped bit', async () => {
    const key = await importAesKey(randomBytes(32));
    const blob = await encrypt(key, utf8('secret value'), binding);
    expect(fromUtf8(await decrypt(key, blob, binding, 'A credential'))).toBe('secret value');

    for (const other of [
      { ...binding, id: 'c2' },
      { ...binding, field: 'details' },
      { ...binding, version: 2 },
      { ...binding, context: { kind: 'apiKeySecret' } },
    ]) {
      await expect(decrypt(key, blob, other, 'A credential')).rejects.toMatchObject({ code: 'tampered' });
    }
    const flipped = blob.slice();
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    await expect(decrypt(key, flipped, binding, 'A credential')).rejects.toThrow(/integrity check/);
  });
});

describe('sealing to the vault public key', () => {
  it('seals with the public key alone and opens with the private key', async () => {
    const pair = await generateKeyPair();
    const sealed = await seal(pair.publicKey, utf8('captured while locked'), binding);
    const privateKey = await importPrivateKey(pair.privateKeyPkcs8, pair.publicKey);
    expect(fromUtf8(await open(privateKey, pair.publicKey, sealed, binding, 'A capture'))).toBe(
      'captured while locked',
    );
  });

  it('refuses another vault’s private key and a private key that does not match the stored public key', async () => {
    const pair = await generateKeyPair();
    const other = await generateKeyPair();
    const sealed = await seal(pair.publicKey, utf8('x'), binding);
    const wrongKey = await importPrivateKey(other.privateKeyPkcs8, other.publicKey);
    await expect(open(wrongKey, pair.publicKey, sealed, binding, 'A capture')).rejects.toMatchObject({
      code: 'tampered',
    });
    await expect(importPrivateKey(other.privateKeyPkcs8, pair.publicKey)).rejects.toMatchObject({ code: 'tampered' });
  });
});

describe('Argon2id key derivation', () => {
  it('is deterministic for a salt and differs by passphrase and salt', async () => {
    const salt = randomBytes(16);
    const params = { algorithm: 'argon2id' as const, ...TEST_KDF, salt };
    const a = await deriveKey('passphrase one', params);
    expect(a).toHaveLength(32);
    expect(await deriveKey('passphrase one', params)).toEqual(a);
    expect(await deriveKey('passphrase two', params)).not.toEqual(a);
    expect(await deriveKey('passphrase one', { ...params, salt: randomBytes(16) })).not.toEqual(a);
  });

  it('matches the widely published Argon2id vector for "password"/"somesalt", t=2, m=64 MiB, p=1', async () => {
    const hash = await deriveKey('password', {
      algorithm: 'argon2id',
      memoryKiB: 65536,
      iterations: 2,
      parallelism: 1,
      salt: utf8('somesalt'),
    });
    expect(Buffer.from(hash).toString('hex')).toBe('09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7');
  });
});

describe('the unlock time Settings shows per strength', () => {
  it('is scaled by memory × passes from the last derivation, not measured by running each strength', async () => {
    const clock = vi.spyOn(performance, 'now');
    clock.mockReturnValueOnce(1000).mockReturnValueOnce(1300); // the derivation "took" 300 ms
    await deriveKey('an unlock', { algorithm: 'argon2id', ...TEST_KDF, salt: randomBytes(16) });
    clock.mockRestore();
    const base = { memoryKiB: TEST_KDF.memoryKiB, iterations: TEST_KDF.iterations, parallelism: 1 };
    const times = await estimateKdf({
      same: base,
      double: { ...base, memoryKiB: base.memoryKiB * 2 },
      sixfold: { ...base, memoryKiB: base.memoryKiB * 2, iterations: base.iterations * 3 },
    });
    // Exactly the 300 ms sample scaled: had a derivation run here, its real time would show.
    expect(times).toEqual({ same: 300, double: 600, sixfold: 1800 });
  });
});
