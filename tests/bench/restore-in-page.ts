// Issue 14's restore rows: a restore of 1,000 credentials beyond its key derivation, and
// where that time goes (reading the file, Argon2id, the MAC, opening each table's
// ciphertexts, writing each table). in-browser.ts runs them after its own backup row;
// `BENCH_ONLY=restore npm run bench` (tests/bench/run.mjs) runs only these, on a vault
// built here the same way, to iterate quickly.

import Dexie from 'dexie';
import { macInput, macMatches } from '@/utils/vault/backup/envelope';
import { openRead } from '@/utils/vault/backup/open';
import { restoreRecords } from '@/utils/vault/backup/restore';
import { type BackupRecords, readBackup } from '@/utils/vault/backup/schema';
import { checkKdf } from '@/utils/vault/bindings';
import { directoryOf, setsOf } from '@/utils/vault/credential-sets';
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
  const signed = macInput(restoredFile.envelope);
  add(
    '  restore part: the MAC over the whole file (its bytes made when the file was chosen, as a restore has them)',
    await time(5, () => macMatches(restoredFile.envelope, vaultKeyRaw, signed)),
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
    // Events are written as each App's pages (event-pages.ts), credentials as each App's set
    // (credential-sets.ts), not one record each.
    const grouped =
      table === 'events'
        ? `, as ${pagesOf(records.events).length} pages`
        : table === 'credentials'
          ? `, as ${setsOf(records.credentials).length} sets`
          : '';
    add(
      `    write ${table} alone (${records[table].length}${grouped})`,
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
  // The layout before schema v9, for comparison: one record per credential, indexed by App,
  // App and kind, and due date. IndexedDB's cost here is mostly per record, not per byte.
  add(
    `    write the same ${records.credentials.length} credentials one record each, as before schema v9 (for comparison)`,
    await time(5, async () => {
      const scratch = new Dexie(`bench-v8-${crypto.randomUUID()}`, { chromeTransactionDurability: 'strict' });
      scratch.version(1).stores({ credentials: 'id, appId, [appId+kind], dueAt' });
      await scratch.table('credentials').bulkAdd(records.credentials);
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
  // The layout chosen, against the one before it and one more compact still. The restore's
  // one transaction, its writes (the vault record, Apps, credentials and event pages: the other
  // tables hold a handful) and its checks (passphrase, MAC, every ciphertext) overlapped as
  // restoreRecords does, into a scratch database. Each sample is less an Argon2id run just
  // before it. On 2026-12-03, before schema v9 (in memory, on disk; the disk run came later and
  // quieter): 294 and 206 ms; one
  // record per App with a multi-entry index of the ids and of the due dates: 205 and 167; inside
  // their App's record: 142 and 85. In a scratch run of 7 (in memory), one record per App with
  // a multi-entry index of the ids took 172 ms, without it 111: schema v9 finds a credential
  // by its id through one directory record instead (credential-sets.ts).
  const sets = setsOf(records.credentials);
  const byApp = new Map(sets.map((set) => [set.appId, set.credentials]));
  const layouts = {
    'one record per credential, as before schema v9': {
      stores: { credentials: 'id, appId, [appId+kind], dueAt' },
      apps: records.apps,
      credentials: [['credentials', records.credentials]],
    },
    'one record per App and a directory of the ids, as OnceKey stores them (schema v9)': {
      stores: { credentialSets: 'appId, due', credentialDirectory: 'key' },
      apps: records.apps,
      credentials: [
        ['credentialSets', sets],
        ['credentialDirectory', [directoryOf(sets)]],
      ],
    },
    'inside their App’s record (not OnceKey’s layout)': {
      stores: {},
      apps: records.apps.map((app) => ({ ...app, credentials: byApp.get(app.id) ?? [] })),
      credentials: [],
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
          ...credentials.map(([table, rows]) => scratch.table(table).bulkAdd(rows as unknown[])),
          scratch.table('eventPages').bulkAdd(pagesOf(records.events)),
        ]);
        await Dexie.waitFor(openRead(restoredFile, PASSPHRASE, 'restored'));
        await writes;
      });
      samples.push(performance.now() - start - (start - kdfStart));
      await scratch.delete();
    }
    add(
      `    the restore’s transaction, checks beside the writes, credentials ${layout}, beyond Argon2id`,
      stats(samples),
      5,
    );
  }
  return rows;
}

/** `BENCH_ONLY=restore`: a vault built here, then the restore rows. */
export async function run(): Promise<Row[]> {
  return restoreRows(await benchVaultFile());
}
