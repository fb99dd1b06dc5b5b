import { type Binding, decrypt, encrypt, FORMAT_SEALED, formatOf } from './aead';
import { concat, utf8 } from './bytes';
import { tampered } from './errors';

/**
 * Sealing to the vault's public key (ECDH P-256 with an ephemeral key, HKDF-SHA-256,
 * AES-256-GCM), so a capture can be stored while the vault is locked: sealing needs only
 * the public key, opening needs the private key that only an unlocked vault has.
 *
 * Layout: [2][65-byte ephemeral public key][12-byte IV][ciphertext + tag].
 */
const EC = { name: 'ECDH', namedCurve: 'P-256' } as const;
const POINT_LENGTH = 65;
const HKDF_INFO = utf8('oncekey seal v1');

export interface VaultKeyPair {
  publicKey: Uint8Array<ArrayBuffer>;
  privateKeyPkcs8: Uint8Array<ArrayBuffer>;
}

export async function generateKeyPair(): Promise<VaultKeyPair> {
  const pair = await crypto.subtle.generateKey(EC, true, ['deriveBits']);
  return {
    publicKey: new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)),
    privateKeyPkcs8: new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey)),
  };
}

export async function importPublicKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, EC, true, []);
}

/** The public key (raw point) of a private key: what captures must be sealed to. */
export async function derivePublicKey(pkcs8: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const extractable = await crypto.subtle.importKey('pkcs8', pkcs8, EC, true, ['deriveBits']);
  const jwk = await crypto.subtle.exportKey('jwk', extractable);
  const derived = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, EC, true, []);
  return new Uint8Array(await crypto.subtle.exportKey('raw', derived));
}

export const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** Imports the private key and checks it belongs to the given public key. */
export async function importPrivateKey(
  pkcs8: Uint8Array<ArrayBuffer>,
  expectedPublicKey: Uint8Array,
): Promise<CryptoKey> {
  if (!sameBytes(await derivePublicKey(pkcs8), expectedPublicKey)) throw tampered("The vault's public key");
  return crypto.subtle.importKey('pkcs8', pkcs8, EC, false, ['deriveBits']);
}

async function sharedKey(
  privateKey: CryptoKey,
  peerPublic: CryptoKey,
  ephemeralRaw: Uint8Array,
  recipientRaw: Uint8Array,
): Promise<CryptoKey> {
  const secret = await crypto.subtle.deriveBits({ name: 'ECDH', public: peerPublic }, privateKey, 256);
  const hkdf = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: concat(ephemeralRaw, recipientRaw), info: HKDF_INFO },
    hkdf,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function seal(
  recipientPublicKey: Uint8Array<ArrayBuffer>,
  plaintext: Uint8Array<ArrayBuffer>,
  binding: Binding,
): Promise<Uint8Array<ArrayBuffer>> {
  const recipient = await importPublicKey(recipientPublicKey);
  const ephemeral = await crypto.subtle.generateKey(EC, true, ['deriveBits']);
  const ephemeralRaw = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  const key = await sharedKey(ephemeral.privateKey, recipient, ephemeralRaw, recipientPublicKey);
  const body = await encrypt(key, plaintext, binding, FORMAT_SEALED);
  // encrypt() wrote [format][iv][ct]; the ephemeral key goes between format and IV.
  return concat(body.subarray(0, 1), ephemeralRaw, body.subarray(1));
}

export async function open(
  privateKey: CryptoKey,
  recipientPublicKey: Uint8Array,
  blob: Uint8Array,
  binding: Binding,
  what: string,
): Promise<Uint8Array<ArrayBuffer>> {
  if (formatOf(blob, what) !== FORMAT_SEALED || blob.length < 1 + POINT_LENGTH) throw tampered(what);
  const ephemeralRaw = blob.slice(1, 1 + POINT_LENGTH);
  let ephemeral: CryptoKey;
  try {
    ephemeral = await importPublicKey(ephemeralRaw);
  } catch {
    throw tampered(what);
  }
  const key = await sharedKey(privateKey, ephemeral, ephemeralRaw, recipientPublicKey);
  return decrypt(key, blob, binding, what, 1 + POINT_LENGTH);
}
