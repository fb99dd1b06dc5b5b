import { encrypt } from '../crypto/aead';
import { utf8 } from '../crypto/bytes';
import { VaultError } from '../crypto/errors';
import { APP_BINDING, appDetailsBinding } from './bindings';
import type { UnlockedContext } from './context';
import type { AppRecord } from './db';
import type { OpenField } from './kept-fields';
import { openField } from './keyring';
import type { AppDetails, UnlockedKeys } from './types';

/**
 * An App's details (its names, notes and export naming) are one ciphertext bound to the
 * App's version: every change re-encrypts them as the next version.
 */
export interface AppWithDetails {
  record: AppRecord;
  details: AppDetails;
}

/** `open`: how the list opens a field it may have opened before (kept-fields.ts). */
const openDetails = async (keys: UnlockedKeys, record: AppRecord, open?: OpenField): Promise<AppWithDetails> => {
  const binding = appDetailsBinding(record);
  const opening = () => openField(keys, record.details, binding, "An App's name");
  return {
    record,
    details: JSON.parse(await (open ? open(record.details, binding, opening) : opening())) as AppDetails,
  };
};

/** One App with its names and notes decrypted, or undefined if it is gone. */
export async function readApp({ db, keys }: UnlockedContext, appId: string): Promise<AppWithDetails | undefined> {
  const record = await db.apps.get(appId);
  return record && openDetails(keys, record);
}

export async function readApps({ db, keys }: UnlockedContext, open?: OpenField): Promise<AppWithDetails[]> {
  const records = await db.apps.toArray();
  return Promise.all(records.map((record) => openDetails(keys, record, open)));
}

/** Encrypts details into the record, bound to its id, version and portal fields as they are. */
export async function sealAppDetails(vaultKey: CryptoKey, record: AppRecord, details: object): Promise<AppRecord> {
  record.binding = APP_BINDING;
  record.details = await encrypt(vaultKey, utf8(JSON.stringify(details)), appDetailsBinding(record));
  return record;
}

/**
 * Re-seals the details of Apps written before their portal fields were bound (bindings.ts),
 * at the same version, so that from now on a changed portal id makes them fail to open. Runs
 * at unlock; an App whose details do not open is left as it is (the list reports it).
 * Returns how many were re-sealed.
 */
export async function bindAppDetails({ db, keys }: UnlockedContext): Promise<number> {
  // Every App in one request, filtered here: Dexie's filter walks a cursor, a request per App
  // (at 250 Apps, the restore's filing step took 24–69 ms with it, 12–31 without).
  const unbound = (await db.apps.toArray()).filter((app) => app.binding !== APP_BINDING);
  if (!unbound.length) return 0;
  const sealed: AppRecord[] = [];
  for (const record of unbound) {
    const opened = await openDetails(keys, record).catch(() => undefined);
    if (opened) sealed.push(await sealAppDetails(keys.vaultKey, { ...record }, opened.details));
  }
  await db.transaction('rw', db.apps, async () => {
    for (const record of sealed) {
      // Only if it is still the record that was opened: a write since then wins.
      const now = await db.apps.get(record.id);
      if (now && now.version === record.version && now.binding !== APP_BINDING) await db.apps.put(record);
    }
  });
  return sealed.length;
}

/** The App's next version, with these details (and plain fields), changed at `updatedAt`. */
export function nextAppVersion(
  vaultKey: CryptoKey,
  app: AppRecord,
  details: object,
  updatedAt: number,
  plain: Pick<AppRecord, 'portalProjectId'> = {},
): Promise<AppRecord> {
  return sealAppDetails(vaultKey, { ...app, version: app.version + 1, updatedAt, ...plain }, details);
}

/** Renames an App or changes its notes: an empty value removes the field. */
export async function updateApp(
  context: UnlockedContext,
  appId: string,
  changes: { appName?: string; notes?: string },
): Promise<void> {
  const found = await readApp(context, appId);
  if (!found) throw new VaultError('not-found', 'That App is no longer in the vault.');
  const details: AppDetails = { ...found.details };
  for (const [key, value] of Object.entries(changes) as [keyof typeof changes, string | undefined][]) {
    if (value === undefined) continue;
    if (value.trim()) details[key] = value.trim();
    else delete details[key];
  }
  await context.db.apps.put(await nextAppVersion(context.keys.vaultKey, found.record, details, context.now()));
}

/** The App's next version if these variable names differ from those it remembers; else undefined. */
export async function withExportNaming(
  { keys }: UnlockedContext,
  found: AppWithDetails | undefined,
  naming: { preset: string; customPrefix?: string },
  at: number,
): Promise<AppRecord | undefined> {
  if (!found || (found.details.exportPreset === naming.preset && found.details.exportPrefix === naming.customPrefix)) {
    return undefined;
  }
  const details: AppDetails = { ...found.details, exportPreset: naming.preset };
  if (naming.customPrefix !== undefined) details.exportPrefix = naming.customPrefix;
  else delete details.exportPrefix;
  return nextAppVersion(keys.vaultKey, found.record, details, at);
}
