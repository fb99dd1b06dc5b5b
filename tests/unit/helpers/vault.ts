import Dexie from 'dexie';
import { allCredentials, getCredential } from '@/utils/vault/credential-sets';
import {
  type CredentialRecord,
  type CredentialSetRecord,
  createDb,
  type EventPageRecord,
  type EventRecord,
  type VaultDb,
} from '@/utils/vault/db';
import { allEventRecords } from '@/utils/vault/event-pages';
import { memorySessionStore, type SessionStore } from '@/utils/vault/session';
import type { Capture } from '@/utils/vault/types';
import { Vault } from '@/utils/vault/vault';

/** Argon2id at a test-only cost, so each unlock takes milliseconds. Real vaults use DEFAULT_KDF. */
export const TEST_KDF = { memoryKiB: 64, iterations: 1, parallelism: 1 };
/** Settings' three strengths, cheap and distinct, for tests. */
export const TEST_PRESETS = {
  standard: TEST_KDF,
  strong: { memoryKiB: 128, iterations: 2, parallelism: 1 },
  strongest: { memoryKiB: 256, iterations: 2, parallelism: 1 },
};
export { TEST_PASSPHRASE as PASSPHRASE } from '../../fixtures/passphrases.js';

export interface Clock {
  now: number;
}

let dbCounter = 0;

export function makeVault(options: { db?: VaultDb; session?: SessionStore; clock?: Clock } = {}) {
  const db = options.db ?? createDb(`test-${++dbCounter}-${crypto.randomUUID()}`);
  const session = options.session ?? memorySessionStore();
  const clock = options.clock ?? { now: Date.UTC(2026, 10, 23, 12) };
  const vault = new Vault({ db, session, now: () => clock.now, kdf: TEST_KDF, presets: TEST_PRESETS });
  return { db, session, clock, vault };
}

/** Every table's rows, with bytes written out, so two dumps compare byte for byte. */
export async function dump(db: VaultDb): Promise<string> {
  const tables: Record<string, unknown[]> = {};
  for (const table of db.tables) tables[table.name] = await table.toArray();
  return JSON.stringify(tables, (_key, value) =>
    value instanceof Uint8Array ? `bytes:${Buffer.from(value).toString('hex')}` : value,
  );
}

// Fake values in the portal's formats (docs/portal.md, "Formats"); none is a real credential.
export const API_KEY = 'Xq7Lm2Pz9Rt4Vb8Nc3Jd6Hf1K';
export const API_KEY_SECRET = 'aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY3zA5bC7dE9fG2hJ4km';
export const API_KEY_2 = 'Wq1Lm2Pz9Rt4Vb8Nc3Jd6Hf7Q';

export function capture(overrides: Partial<Capture> = {}): Capture {
  return {
    host: 'developer.x.com',
    projectId: '1729000000000004242',
    projectName: 'Weather bots',
    appId: '28123456',
    appName: 'rain-alerts',
    at: Date.UTC(2026, 10, 20),
    credentials: [
      { kind: 'apiKey', value: API_KEY },
      { kind: 'apiKeySecret', value: API_KEY_SECRET },
    ],
    ...overrides,
  };
}

/**
 * Rewrites the database `name` (written by today's code) as an older schema had it: its
 * tables that `stores` knows, each row passed through `edit` (an older row's shape), under
 * `version`. Opening it with createDb then runs the migrations from there.
 */
export async function rewriteAsSchema(
  name: string,
  current: VaultDb,
  version: number,
  stores: Record<string, string>,
  edit: (table: string, row: Record<string, unknown>) => Record<string, unknown> = (_table, row) => row,
): Promise<void> {
  const rows = Object.fromEntries(
    await Promise.all(current.tables.map(async (t) => [t.name, await t.toArray()] as const)),
  );
  current.close();
  await Dexie.delete(name);
  const old = new Dexie(name);
  old.version(version).stores(stores);
  // Events as versions before 7 stored them: one record each, numbered across the vault.
  if ('events' in stores) {
    const pages = (rows.eventPages ?? []) as EventPageRecord[];
    // In the order they happened, the Apps' events interleaved, as one table kept them.
    const events = pages.flatMap((p) => p.events).sort((a, b) => a.at - b.at);
    rows.events = events.map(({ id: _id, ...e }) => e);
  }
  // Credentials as versions before 9 stored them: one record each.
  if ('credentials' in stores)
    rows.credentials = ((rows.credentialSets ?? []) as CredentialSetRecord[]).flatMap((s) => s.credentials);
  for (const [table, items] of Object.entries(rows)) {
    if (table in stores) await old.table(table).bulkAdd(items.map((row) => edit(table, row)));
  }
  old.close();
}

/** Every credential the vault stores, every version, in id order (credential-sets.ts). */
export const storedCredentials = (db: VaultDb): Promise<CredentialRecord[]> => allCredentials(db);

/** One stored credential, by id. */
export const storedCredential = (db: VaultDb, id: string): Promise<CredentialRecord | undefined> =>
  getCredential(db, id);

/**
 * Changes a stored credential's fields as a tampered profile would: in its App's set, written
 * as it is, with nothing recomputed (the set's due date stays, unless `due` gives one).
 */
export async function changeStored(
  db: VaultDb,
  id: string,
  change: Partial<CredentialRecord>,
  { due }: { due?: number } = {},
): Promise<void> {
  const set = (await db.credentialSets.toArray()).find((s) => s.credentials.some((c) => c.id === id));
  if (!set) throw new Error(`no credential ${id}`);
  const credentials = set.credentials.map((c) => (c.id === id ? { ...c, ...change } : c));
  await db.credentialSets.put({ ...set, credentials, ...(due === undefined ? {} : { due }) });
}

/** Every event the vault stores, App by App (event-pages.ts). */
export const storedEvents = (db: VaultDb): Promise<EventRecord[]> => allEventRecords(db);

/** The stored events of this type. */
export const storedEventsOf = async (db: VaultDb, type: EventRecord['type']): Promise<EventRecord[]> =>
  (await allEventRecords(db)).filter((e) => e.type === type);
