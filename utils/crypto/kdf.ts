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

/**
 * The most Argon2id work (memory in KiB × passes) stored parameters may ask for: twice
 * Settings' strongest (256 MiB, 4 passes), ~9 s here, where each bound alone allows 1 GiB
 * × 64 passes, minutes of a blocked background (checked by checkKdf, before deriving).
 */
export const MAX_KDF_WORK = 2 * 256 * 1024 * 4;

type KdfCost = { memoryKiB: number; iterations: number; parallelism: number };

/** The last derivation's cost and how long it took here: what Settings' estimates scale from. */
let lastSample: { ms: number; cost: KdfCost } | undefined;

export async function deriveKey(passphrase: string, params: KdfParams): Promise<Uint8Array<ArrayBuffer>> {
  const start = performance.now();
  const hash = await argon2id({
    password: passphrase.normalize('NFC'),
    salt: params.salt,
    iterations: params.iterations,
    parallelism: params.parallelism,
    memorySize: params.memoryKiB,
    hashLength: 32,
    outputType: 'binary',
  });
  const { memoryKiB, iterations, parallelism } = params;
  lastSample = { ms: performance.now() - start, cost: { memoryKiB, iterations, parallelism } };
  return new Uint8Array(hash);
}

/**
 * What one unlock takes at each cost here (ms), scaled from a derivation the vault already
 * ran (the last unlock, creation or passphrase change), so opening Settings costs nothing.
 * Argon2id's time grows with memory × passes (the lanes run in one thread in WebAssembly).
 * Only when there is no such derivation (the service worker restarted since) is one run at
 * the cheapest cost, once.
 */
export async function estimateKdf<P extends string>(costs: Record<P, KdfCost>): Promise<Record<P, number>> {
  const ids = Object.keys(costs) as P[];
  if (!lastSample) {
    const cheapest = ids.reduce((a, b) => (work(costs[b]) < work(costs[a]) ? b : a));
    await deriveKey('measure', {
      algorithm: 'argon2id',
      ...costs[cheapest],
      salt: crypto.getRandomValues(new Uint8Array(16)),
    });
  }
  const sample = lastSample as { ms: number; cost: KdfCost };
  const times = {} as Record<P, number>;
  for (const id of ids) times[id] = Math.round((sample.ms * work(costs[id])) / work(sample.cost));
  return times;
}

const work = (cost: KdfCost) => cost.memoryKiB * cost.iterations;
