// Benchmarks that run inside Chromium (the engine OnceKey runs in), on the real modules.
// Bundled and loaded into a page by tests/bench/run.mjs.

import { encrypt, importAesKey } from '@/utils/crypto/aead';
import { randomBytes, utf8 } from '@/utils/crypto/bytes';
import { DEFAULT_KDF, deriveKey } from '@/utils/crypto/kdf';
import { generateKeyPair, importPrivateKey, open, seal } from '@/utils/crypto/seal';
import { exportAs } from '@/utils/export/formats';
import { allCredentials, directoryOf, setsOf } from '@/utils/vault/credential-sets';
import { type CredentialRecord, createDb, DAY_MS } from '@/utils/vault/db';
import { addEvents } from '@/utils/vault/event-pages';
import { memorySessionStore } from '@/utils/vault/session';
import { Vault } from '@/utils/vault/vault';
import { TEST_PASSPHRASE as PASSPHRASE } from '../fixtures/passphrases.js';
import { benchVault, restoreRows } from './restore-in-page';

export interface Row {
  what: string;
  median: number;
  p95?: number;
  unit: string;
  runs: number;
}

async function time(runs: number, work: (i: number) => Promise<unknown>): Promise<{ median: number; p95: number }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work(i);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95) };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  const add = (what: string, t: { median: number; p95: number }, runs: number, unit = 'ms') =>
    rows.push({ what, median: round(t.median), p95: round(t.p95), unit, runs });

  const kdf = { algorithm: 'argon2id' as const, ...DEFAULT_KDF, salt: randomBytes(16) };
  add(
    `Argon2id m=${DEFAULT_KDF.memoryKiB / 1024} MiB t=${DEFAULT_KDF.iterations} p=${DEFAULT_KDF.parallelism}`,
    await time(5, () => deriveKey(PASSPHRASE, kdf)),
    5,
  );

  const pair = await generateKeyPair();
  const privateKey = await importPrivateKey(pair.privateKeyPkcs8, pair.publicKey);
  const value = utf8('aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY3zA5bC7dE9fG2hJ4km');
  const binding = (i: number) => ({ table: 'credentials', id: `c${i}`, field: 'value', version: 1 });
  // Per-credential costs are below the page's 0.1 ms timer resolution: time batches of 100.
  const perOp = async (what: string, op: (i: number) => Promise<unknown>) => {
    const t = await time(10, async (batch) => {
      for (let i = 0; i < 100; i++) await op(batch * 100 + i);
    });
    add(`${what}, per credential`, { median: t.median / 100, p95: t.p95 / 100 }, 1000);
  };
  const sealed: Uint8Array<ArrayBuffer>[] = [];
  await perOp('seal (ECDH P-256 + HKDF + AES-GCM)', async (i) =>
    sealed.push(await seal(pair.publicKey, value, binding(i))),
  );
  await perOp('open a sealed value', (i) =>
    open(privateKey, pair.publicKey, sealed[i] as Uint8Array, binding(i), 'bench'),
  );
  const vaultKey = await importAesKey(randomBytes(32));
  await perOp('encrypt with the vault key (AES-GCM)', (i) => encrypt(vaultKey, value, binding(i)));

  // Unlock on a real vault at the real parameters, in Chromium's IndexedDB.
  const db = createDb(`bench-${crypto.randomUUID()}`);
  const vault = new Vault({ db, session: memorySessionStore() });
  await vault.create(PASSPHRASE);
  await vault.lock();
  add(
    'unlock (Argon2id + unwrap + private key), real parameters',
    await time(5, async () => {
      await vault.unlock(PASSPHRASE);
      await vault.lock();
    }),
    5,
  );

  // 1,000 credentials written and read back through Dexie.
  const records: CredentialRecord[] = [];
  for (let i = 0; i < 1000; i++) {
    const id = crypto.randomUUID();
    records.push({
      id,
      appId: `app-${i % 50}`,
      kind: 'apiKeySecret',
      version: 1,
      createdAt: i,
      capturedAt: i,
      status: 'active',
      dueAt: i + 90 * DAY_MS,
      value: await seal(pair.publicKey, value, binding(i)),
      details: await seal(pair.publicKey, utf8('{}'), binding(i)),
    });
  }
  add(
    'Dexie: write 1,000 sealed credentials (their 50 Apps’ sets and the directory of ids, credential-sets.ts)',
    await time(5, async () => {
      await db.transaction('rw', [db.credentialSets, db.credentialDirectory], async () => {
        await db.credentialSets.clear();
        const sets = setsOf(records);
        await db.credentialSets.bulkPut(sets);
        await db.credentialDirectory.put(directoryOf(sets));
      });
    }),
    5,
  );
  add('Dexie: read 1,000 sealed credentials', await time(5, () => allCredentials(db)), 5);
  db.close();

  // Export: a vault of 250 Apps of four credentials, every App exported as .env once.
  const { vault: exporting, db: exportDb } = await benchVault(`bench-export-${crypto.randomUUID()}`);
  const appIds = (await exporting.list()).map((a) => a.id);
  const sources = await Promise.all(appIds.map((id) => exporting.exportSource(id)));
  add(
    '.env text of 1,000 credentials (250 Apps, formatting only)',
    await time(10, async () => {
      for (const source of sources) exportAs('env', source, { preset: 'x', now: Date.now() });
    }),
    10,
  );
  add(
    '.env export of one App of 4, in the background (decrypt, format, record the event)',
    await time(20, async (i) => {
      const id = appIds[i % appIds.length] as string;
      const { ids, ...source } = await exporting.exportSource(id);
      exportAs('env', source, { preset: 'x', now: Date.now() });
      await exporting.recordExport(id, ids, 'env', { preset: 'x' });
    }),
    20,
  );
  add(
    '.env export of all 1,000 credentials, App by App, in the background',
    await time(3, async () => {
      for (const id of appIds) {
        const { ids, ...source } = await exporting.exportSource(id);
        exportAs('env', source, { preset: 'x', now: Date.now() });
        await exporting.recordExport(id, ids, 'env', { preset: 'x' });
      }
    }),
    3,
  );

  // Backup and restore of the same 1,000 credentials, at the real Argon2id parameters.
  let file = '';
  add(
    'backup of 1,000 credentials (read, encode, HMAC)',
    await time(5, async () => {
      file = await exporting.backup();
    }),
    5,
  );
  rows.push(...(await restoreRows(file)));
  add(
    'merge of 1,000 credentials into a vault that has them all (Argon2id included)',
    await time(3, () => exporting.mergeBackup(file, PASSPHRASE)),
    3,
  );
  // The list as the popup reads it after a write it shows (an App's notes edited), as the
  // history grows: every `oncekey run` records a read, and a job run each hour adds ~9,000
  // lines a year. The list reads each App's exports and counts its activity lines from every
  // page (event-pages.ts). A copy or a read leaves the kept list as it is (vault-core.ts).
  const apps = await exporting.list();
  const first = apps[0];
  const copied = first?.credentials[0]?.id ?? '';
  const listAfter = (write: (i: number) => Promise<unknown>) =>
    time(7, async (i) => {
      await write(i);
      await exporting.list();
    });
  const afterNotes = () => listAfter((i) => exporting.updateApp(first?.id ?? '', { notes: `bench ${i}` }));
  const lines = async () => (await exportDb.eventPages.toArray()).reduce((n, p) => n + p.events.length, 0);
  add(
    `vault.list of 1,000 after an App's notes change, ${(await lines()).toLocaleString('en')} activity lines`,
    await afterNotes(),
    7,
  );
  const more = 20_000;
  await addEvents(
    exportDb,
    Array.from({ length: more }, (_, i) => {
      const app = apps[i % apps.length];
      const c = app?.credentials[0];
      return { at: Date.now() - i, type: 'copied' as const, appId: app?.id, credentialId: c?.id, kind: c?.kind };
    }),
  );
  add(
    `  the same, ${(await lines()).toLocaleString('en')} activity lines (${more.toLocaleString('en')} more copies)`,
    await afterNotes(),
    7,
  );
  add(
    '  vault.list after a copy instead (the list kept: a copy does not change it)',
    await listAfter(() => exporting.recordCopy(copied)),
    7,
  );
  exportDb.close();
  return rows;
}
