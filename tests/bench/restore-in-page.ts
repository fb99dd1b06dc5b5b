// Issue 14's restore rows: a restore of 1,000 credentials beyond its key derivation, and
// where that time goes (reading the file, Argon2id, the MAC, opening each table's
// ciphertexts, writing each table). in-browser.ts runs them after its own backup row;
// `BENCH_ONLY=restore npm run bench` (tests/bench/run.mjs) runs only these, on a vault
// built here the same way, to iterate quickly.

import Dexie from 'dexie';
import { macMatches } from '@/utils/vault/backup/envelope';
import { openRead } from '@/utils/vault/backup/open';
import { restoreRecords } from '@/utils/vault/backup/restore';
import { type BackupRecords, readBackup } from '@/utils/vault/backup/schema';
import { checkKdf } from '@/utils/vault/bindings';
import { createDb } from '@/utils/vault/db';
import { pagesOf } from '@/utils/vault/event-pages';
import { deriveKek, unwrapVaultKey } from '@/utils/vault/keyring';
import { memorySessionStore } from '@/utils/vault/session';
import { Vault } from '@/utils/vault/vault';
import { TEST_PASSPHRASE as PASSPHRASE } from '../fixtures/passphrases.js';
import type { Row } from './in-browser';

type Timing = { median: number; p95: number };

const percentile = (samples: number[], q: number) =>
  [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;
const stats = (samples: number[]): Timing => ({ median: percentile(samples, 0.5), p95: percentile(samples, 0.95) });

async function time(runs: number, work: () => Promise<unknown>): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return stats(samples);
}

const round = (n: number) => Math.round(n * 1000) / 1000;

const alnum = (n: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');

/** A new vault in database `name` with the benchmarks' 250 Apps of four credentials, newest first. */
export async function benchVault(name: string): Promise<{ vault: Vault; db: ReturnType<typeof createDb> }> {
  const db = createDb(name);
  const vault = new Vault({ db, session: memorySessionStore() });
  await vault.create(PASSPHRASE);
  for (let app = 0; app < 250; app++) {
    await vault.submitCapture({
      host: 'developer.x.com',
      appId: String(30000000 + app),
      appName: `bench-app-${app}`,
      at: Date.now() - app * 3600_000,
      credentials: [
        { kind: 'apiKey', value: alnum(25) },
        { kind: 'apiKeySecret', value: alnum(50) },
        { kind: 'accessTokenSecret', value: alnum(45) },
        { kind: 'clientSecret', value: alnum(50) },
      ],
    });
  }
  return { vault, db };
}

/** An empty vault's backup file, at the Standard cost as the bench vault's. */
export async function emptyBenchVaultFile(): Promise<string> {
  const db = createDb(`bench-restore-empty-${crypto.randomUUID()}`);
  const vault = new Vault({ db, session: memorySessionStore() });
  await vault.create(PASSPHRASE);
  const file = await vault.backup();
  db.close();
  return file;
}

/**
 * A vault like in-browser.ts's: 250 Apps of four credentials, one App exported 20 times
 * and every App exported three times; its backup file.
 */
export async function benchVaultFile(): Promise<string> {
  const { vault, db } = await benchVault(`bench-restore-source-${crypto.randomUUID()}`);
  const appIds = (await vault.list()).map((a) => a.id);
  const exportApp = async (id: string) => {
    const { ids } = await vault.exportSource(id);
    await vault.recordExport(id, ids, 'env', { preset: 'x' });
  };
  for (let i = 0; i < 20; i++) await exportApp(appIds[i % appIds.length] as string);
  for (let round = 0; round < 3; round++) for (const id of appIds) await exportApp(id);
  const file = await vault.backup();
  db.close();
  return file;
}

const TABLES = ['apps', 'credentials', 'events', 'inbox', 'settings', 'permissions'] as const;

/** Only this table's records (and the vault record): what writing that table alone costs. */
const only = (records: BackupRecords, table: (typeof TABLES)[number]): BackupRecords => ({
  vault: records.vault,
  apps: [],
  credentials: [],
  events: [],
  inbox: [],
  settings: [],
  permissions: [],
  [table]: records[table],
});

/** The restore rows for this backup file. */
export async function restoreRows(file: string): Promise<Row[]> {
  const rows: Row[] = [];
  const add = (what: string, t: Timing, runs: number) =>
    rows.push({ what, median: round(t.median), p95: round(t.p95), unit: 'ms', runs });
  const restoredFile = readBackup(file, 'restored', Date.now());
  const { records } = restoredFile;
  const fileKdf = checkKdf(records.vault.kdf);

  add(
    `restore of 1,000 credentials into a new profile (Argon2id included; file ${Math.round(file.length / 1024)} KB)`,
    await time(3, async () => {
      const target = createDb(`bench-restore-${crypto.randomUUID()}`);
      await new Vault({ db: target, session: memorySessionStore() }).restore(file, PASSPHRASE);
      target.close();
    }),
    3,
  );
  // Issue 14's restore figure: what a restore costs beyond its key derivation. Each restore is
  // followed by one Argon2id at the file's own parameters, and the difference is the sample.
  // As a user's restore meets them, the database is open (the popup asked for the vault's
  // status as it opened) and the file was inspected when it was chosen (backup.inspect), before
  // the passphrase was typed; the second row, as this bench measured before 2026-12-03, has neither.
  const beyond = { asChosen: [] as number[], cold: [] as number[] };
  for (let i = 0; i < 10; i++) {
    const asChosen = i % 2 === 0;
    const target = createDb(`bench-restore-${crypto.randomUUID()}`);
    const vault = new Vault({ db: target, session: memorySessionStore() });
    if (asChosen) {
      await target.open();
      vault.inspectBackup(file, 'restored');
    }
    const start = performance.now();
    await vault.restore(file, PASSPHRASE);
    const restored = performance.now();
    await deriveKek(PASSPHRASE, fileKdf);
    beyond[asChosen ? 'asChosen' : 'cold'].push(restored - start - (performance.now() - restored));
    target.close();
  }
  add(
    'restore of 1,000 beyond the key derivation (the file inspected as it was chosen, the database open; each restore less an Argon2id run just after it; target ≤ 150)',
    stats(beyond.asChosen),
    5,
  );
  add(
    '  the same, the file not inspected first, into a database not yet open (as measured before 2026-12-03)',
    stats(beyond.cold),
    5,
  );
  add(
    '  restore part: read the file (JSON, schema, references)',
    await time(5, async () => readBackup(file, 'restored', Date.now())),
    5,
  );
  add(
    '  restore part: open every ciphertext and check the MAC (Argon2id included)',
    await time(3, () => openRead(restoredFile, PASSPHRASE, 'restored')),
    3,
  );
  add(
    '  restore part: Argon2id alone, at the file’s parameters',
    await time(3, () => deriveKek(PASSPHRASE, fileKdf)),
    3,
  );
  const kek = await deriveKek(PASSPHRASE, fileKdf);
  const vaultKeyRaw = await unwrapVaultKey(kek, records.vault, 'bench');
  add(
    '  restore part: the MAC over the whole file',
    await time(5, () => macMatches(restoredFile.envelope, vaultKeyRaw)),
    5,
  );
  const counts = TABLES.map((t) => `${records[t].length} ${t}`).join(', ');
  add(
    `  restore part: write every record (one transaction, no checks; ${counts})`,
    await time(5, async () => {
      const target = createDb(`bench-restore-${crypto.randomUUID()}`);
      await restoreRecords(target, records);
      target.close();
    }),
    5,
  );
  for (const table of TABLES) {
    if (!records[table].length) continue;
    // Events are written as each App's pages (event-pages.ts), not one record each.
    const pages = table === 'events' ? `, as ${pagesOf(records.events).length} pages` : '';
    add(
      `    write ${table} alone (${records[table].length}${pages})`,
      await time(5, async () => {
        const target = createDb(`bench-restore-${crypto.randomUUID()}`);
        await restoreRecords(target, only(records, table));
        target.close();
      }),
      5,
    );
  }
  add(
    '    write none but the vault record (a new database: what each row above includes)',
    await time(5, async () => {
      const target = createDb(`bench-restore-${crypto.randomUUID()}`);
      await restoreRecords(target, { ...only(records, 'apps'), apps: [] });
      target.close();
    }),
    5,
  );
  // What a layout of one record per App for credentials too would cost to write (not
  // OnceKey's: its credentials are one record each, indexed by App, kind and due date, which
  // reminders read while locked). IndexedDB's cost here is mostly per record, not per byte.
  const perApp = Object.values(Object.groupBy(records.credentials, (c) => c.appId));
  add(
    `    write the same ${records.credentials.length} credentials as ${perApp.length} records, one per App (a layout OnceKey does not have, for comparison)`,
    await time(5, async () => {
      const scratch = new Dexie(`bench-chunks-${crypto.randomUUID()}`, { chromeTransactionDurability: 'strict' });
      scratch.version(1).stores({ chunks: '++id' });
      await scratch.table('chunks').bulkAdd(perApp.map((credentials) => ({ credentials })));
      scratch.close();
    }),
    5,
  );
  // IndexedDB's own cost per record here: the same credentials into a table indexed only by
  // their key. The credentials' three secondary indexes (App, App and kind, due date) are not
  // where the time goes: in memory the two rows matched (116 and 119 ms), in a profile on disk
  // the indexes added 40–110 ms to 175–280 (two runs, 2026-12-03). The record count is.
  add(
    `    write the same ${records.credentials.length} credentials into a table with no index but the key (for comparison)`,
    await time(5, async () => {
      const scratch = new Dexie(`bench-plain-${crypto.randomUUID()}`, { chromeTransactionDurability: 'strict' });
      scratch.version(1).stores({ credentials: 'id' });
      await scratch.table('credentials').bulkAdd(records.credentials);
      scratch.close();
    }),
    5,
  );
  // Would a more compact layout meet the target? The restore's one transaction, its writes
  // (the vault record, Apps, credentials and event pages: the other tables hold a handful) and
  // its checks (passphrase, MAC, every ciphertext) overlapped as restoreRecords does, into a
  // scratch database: as OnceKey lays the records out, with the credentials one record per
  // App, and with them inside their App's record (neither is OnceKey's layout). Each sample is
  // less an Argon2id run just before it. Measured 2026-12-03 (in memory, on disk): 275 and
  // 327 ms, 169 and 185, 157 and 168; the checks alone, less Argon2id, ~80 ms. Fewer records
  // help, but none of these layouts gets within 150 ms here: the writes' requests themselves
  // (~0.1 ms each on this thread) and IndexedDB's work beside Argon2id on two cores remain.
  const byApp = new Map(Object.entries(Object.groupBy(records.credentials, (c) => c.appId)));
  const layouts = {
    'as OnceKey stores them': {
      stores: { credentials: 'id, appId, [appId+kind], dueAt' },
      apps: records.apps,
      credentials: ['credentials', records.credentials],
    },
    'with the credentials one record per App': {
      stores: { credentialSets: 'appId, *ids, *dueAts' },
      apps: records.apps,
      credentials: [
        'credentialSets',
        [...byApp].map(([appId, credentials = []]) => ({
          appId,
          ids: credentials.map((c) => c.id),
          dueAts: credentials.flatMap((c) => (c.dueAt === undefined ? [] : [c.dueAt])),
          credentials,
        })),
      ],
    },
    'with the credentials inside their App’s record': {
      stores: {},
      apps: records.apps.map((app) => ({ ...app, credentials: byApp.get(app.id) ?? [] })),
      credentials: undefined,
    },
  } as const;
  for (const [layout, { stores, apps, credentials }] of Object.entries(layouts)) {
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const scratch = new Dexie(`bench-layout-${crypto.randomUUID()}`, { chromeTransactionDurability: 'strict' });
      scratch.version(1).stores({ vault: 'id', apps: 'id, portalAppId', eventPages: '[appId+page]', ...stores });
      await scratch.open();
      const kdfStart = performance.now();
      await deriveKek(PASSPHRASE, fileKdf);
      const start = performance.now();
      await scratch.transaction('rw', scratch.tables, async () => {
        const writes = Promise.all([
          scratch.table('vault').add(records.vault),
          scratch.table('apps').bulkAdd(apps as unknown[]),
          credentials && scratch.table(credentials[0]).bulkAdd(credentials[1] as unknown[]),
          scratch.table('eventPages').bulkAdd(pagesOf(records.events)),
        ]);
        await Dexie.waitFor(openRead(restoredFile, PASSPHRASE, 'restored'));
        await writes;
      });
      samples.push(performance.now() - start - (start - kdfStart));
      await scratch.delete();
    }
    add(`    the restore’s transaction, checks beside the writes, ${layout}, beyond Argon2id`, stats(samples), 5);
  }
  return rows;
}

/** `BENCH_ONLY=restore`: a vault built here, then the restore rows. */
export async function run(): Promise<Row[]> {
  return restoreRows(await benchVaultFile());
}
