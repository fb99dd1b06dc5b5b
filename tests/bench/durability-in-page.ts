// What strict IndexedDB durability ("Saved" means on disk) costs one capture, against the
// browsers' relaxed default: a capture filed (unlocked: encrypt, one transaction) and one
// sealed (locked: seal, one add). Bundled and run by tests/bench/run.mjs in a page of a
// profile on disk: an in-memory (incognito) profile would make both the same.

import { createDb } from '@/utils/vault/db';
import { memorySessionStore } from '@/utils/vault/session';
import { Vault } from '@/utils/vault/vault';
import { TEST_PASSPHRASE as PASSPHRASE } from '../fixtures/passphrases.js';
import type { Row } from './in-browser';

const letters = (n: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');

const capture = () => ({
  host: 'developer.x.com',
  appId: '30999999',
  appName: 'durability',
  credentials: [
    { kind: 'apiKey', value: letters(25) },
    { kind: 'apiKeySecret', value: letters(50) },
  ],
});

const percentile = (samples: number[], q: number) =>
  [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;

export async function run(runs = 40): Promise<Row[]> {
  const vaults = {
    relaxed: new Vault({
      db: createDb(`bench-relaxed-${crypto.randomUUID()}`, 'relaxed'),
      session: memorySessionStore(),
      // The key derivation is not what is measured here.
      kdf: { memoryKiB: 64, iterations: 1, parallelism: 1 },
    }),
    strict: new Vault({
      db: createDb(`bench-strict-${crypto.randomUUID()}`, 'strict'),
      session: memorySessionStore(),
      kdf: { memoryKiB: 64, iterations: 1, parallelism: 1 },
    }),
  };
  const samples: Record<string, number[]> = {};
  const measure = async (what: string, work: () => Promise<unknown>) => {
    const start = performance.now();
    await work();
    const times = samples[what] ?? [];
    times.push(performance.now() - start);
    samples[what] = times;
  };
  for (const vault of Object.values(vaults)) await vault.create(PASSPHRASE);
  // Interleaved, so that the machine's other work weighs on both alike.
  for (const state of ['filed (unlocked)', 'sealed (locked)']) {
    for (let i = 0; i < runs; i++) {
      for (const [durability, vault] of Object.entries(vaults)) {
        await measure(`capture ${state}, ${durability} durability`, () => vault.submitCapture(capture()));
      }
    }
    for (const vault of Object.values(vaults)) await vault.lock();
  }
  return Object.entries(samples).map(([what, times]) => ({
    what,
    median: Math.round(percentile(times, 0.5) * 1000) / 1000,
    p95: Math.round(percentile(times, 0.95) * 1000) / 1000,
    unit: 'ms',
    runs,
  }));
}
