import { argon2id } from 'hash-wasm';

/**
 * Passphrase stretching with Argon2id (hash-wasm's WebAssembly build). The parameters are
 * stored with the vault so they can be raised later without breaking existing vaults.
 */
export interface KdfParams {
  algorithm: 'argon2id';
  /** Memory in KiB. */
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  salt: Uint8Array<ArrayBuffer>;
}

/** Bitwarden's default: 64 MiB, 3 passes, 4 lanes. Never go below it for a real vault. */
export const DEFAULT_KDF = { memoryKiB: 64 * 1024, iterations: 3, parallelism: 4 } as const;

/** Bounds on stored parameters: a tampered vault must not make unlock hang or allocate gigabytes. */
export const KDF_LIMITS = { memoryKiB: [8, 1024 * 1024], iterations: [1, 64], parallelism: [1, 16] } as const;

export async function deriveKey(passphrase: string, params: KdfParams): Promise<Uint8Array<ArrayBuffer>> {
  const hash = await argon2id({
    password: passphrase.normalize('NFC'),
    salt: params.salt,
    iterations: params.iterations,
    parallelism: params.parallelism,
    memorySize: params.memoryKiB,
    hashLength: 32,
    outputType: 'binary',
  });
  return new Uint8Array(hash);
}

/** Times one derivation at each cost, one after another (ms): what unlocking would take here. */
export async function measureKdf<P extends string>(
  costs: Record<P, { memoryKiB: number; iterations: number; parallelism: number }>,
): Promise<Record<P, number>> {
  const times = {} as Record<P, number>;
  for (const id of Object.keys(costs) as P[]) {
    const start = performance.now();
    await deriveKey('measure', {
      algorithm: 'argon2id',
      ...costs[id],
      salt: crypto.getRandomValues(new Uint8Array(16)),
    });
    times[id] = Math.round(performance.now() - start);
  }
  return times;
}
