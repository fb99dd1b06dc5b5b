import { wipe } from '../crypto/bytes';
import { VaultError } from '../crypto/errors';
import type { KdfPreset } from '../crypto/kdf-presets';
import type { AppPermission } from '../doctor/permissions';
import type { ExportSource } from '../export/formats';
import { passphraseStrength } from '../passphrase';
import { updateApp } from './app-details';
import { recordPermission } from './app-permissions';
import { type BackupVerb, backupVault, mergeIntoVault, ReadFiles, restoreBackup, vaultExists } from './backup';
import { checkKdf } from './bindings';
import { file, fileInbox, manualCapture } from './filing';
import { makeCurrent, markRetired, recordCopy, recordExport } from './history';
import { checkCapture, holdPending, sealToInbox } from './intake';
import { kdfInfo, loadKeys, newVaultRecord, readVaultRecord, rewrapVaultKey } from './keyring';
import { appEvents, exportSource, list, overdueCount, overdueCredentials, value } from './queries';
import { recordRead } from './reads';
import { preview, startRegeneration, valuesSeen } from './regenerations';
import { rekeyVault } from './rekey';
import { setRotateBy } from './schedule';
import { stillWorks } from './stale';
import { unwrapWithPassphrase } from './throttle';
import { deleteApp, deleteCredential, emptyTrash, undoDelete } from './trash';
import type {
  AppEvent,
  AppSummary,
  BackupSummary,
  Capture,
  CaptureOutcome,
  KdfInfo,
  ManualCredential,
  PortalSignal,
  Preview,
  ReadBy,
  Stampable,
  VaultStatus,
} from './types';
import { VaultCore } from './vault-core';

// The background and the tests import these from here.
export { DEFAULT_SETTINGS } from './settings';
export { FREE_ATTEMPTS, MAX_THROTTLE_MS, throttleDelay } from './throttle';
export { TRASH_MS } from './trash';
export type { VaultOptions } from './vault-core';

/**
 * The vault service: the only code that reads or writes the vault database. It runs in
 * the background; pages and content scripts reach it through utils/protocol. Each job is
 * a module beside this file (keyring, unlocked, settings, throttle, intake, filing,
 * regenerations, queries, app-details, history, trash, rekey, backup/); this class
 * composes them on the plumbing of VaultCore (vault-core.ts): the unlocked session, and
 * the queue that runs the writes one at a time.
 */
export class Vault extends VaultCore {
  private assertStrong(passphrase: string): void {
    const strength = passphraseStrength(passphrase);
    if (!strength.acceptable) throw new VaultError('weak-passphrase', `Passphrase too weak. ${strength.hint}`);
  }

  create(passphrase: string): Promise<VaultStatus> {
    return this.serial(async () => {
      this.assertStrong(passphrase);
      if (await this.db.vault.count()) throw new VaultError('vault-exists', 'A vault already exists.');
      const { record, vaultKeyRaw } = await newVaultRecord(passphrase, this.kdf, this.now);
      // add(), not put(): a second "Create vault" racing the first must not replace it.
      await this.db.vault.add(record);
      await this.unlocked.start(await loadKeys(vaultKeyRaw, record));
      wipe(vaultKeyRaw);
      await this.fileWaiting();
      return { exists: true, locked: false };
    });
  }

  /**
   * Unlocks, then files the inbox. The stored public key is checked against the private
   * key: if a tampered profile swapped it, it is repaired, the checked key is used for
   * sealing from now on (session.ts), and the reply says so (`keyRepaired`).
   */
  unlock(passphrase: string): Promise<VaultStatus> {
    return this.serial(async () => {
      const record = await readVaultRecord(this.db);
      const raw = await unwrapWithPassphrase(this.session, this.now, passphrase, record);
      let keys: Awaited<ReturnType<typeof loadKeys>>;
      try {
        keys = await loadKeys(raw, record);
      } finally {
        wipe(raw);
      }
      await this.unlocked.start(keys);
      if (!keys.publicKeyMatches) await this.db.vault.update('main', { publicKey: keys.publicKey });
      const unopened = await this.fileWaiting();
      const status: VaultStatus = { exists: true, locked: false };
      if (unopened) status.unopened = unopened;
      if (!keys.publicKeyMatches) status.keyRepaired = true;
      return status;
    });
  }

  /** Locks, in turn with the other serial work: a lock asked for during an unlock ends locked. */
  lock(): Promise<VaultStatus> {
    return this.serial(async () => {
      await this.endSession();
      return this.status();
    });
  }

  /**
   * Re-wraps the vault key under the new passphrase, and at a new key-derivation strength
   * if one is given (the same passphrase twice just changes the strength); no record is touched.
   */
  changePassphrase(oldPassphrase: string, newPassphrase: string, strength?: KdfPreset): Promise<void> {
    return this.serial(async () => {
      if (newPassphrase !== oldPassphrase) this.assertStrong(newPassphrase);
      const record = await readVaultRecord(this.db);
      const raw = await unwrapWithPassphrase(this.session, this.now, oldPassphrase, record);
      try {
        const cost = strength ? this.presets[strength] : checkKdf(record.kdf);
        await this.db.vault.update('main', await rewrapVaultKey(raw, newPassphrase, cost, record));
      } finally {
        wipe(raw);
      }
    });
  }

  /**
   * "Change passphrase and re-encrypt everything": a new vault key and key pair under the
   * new passphrase, every record re-encrypted, the trash emptied (rekey.ts). The session
   * goes on with the new keys.
   */
  rekey(oldPassphrase: string, newPassphrase: string): Promise<void> {
    return this.serial(async () => {
      this.assertStrong(newPassphrase);
      const record = await readVaultRecord(this.db);
      wipe(await unwrapWithPassphrase(this.session, this.now, oldPassphrase, record));
      const cost = checkKdf(record.kdf);
      const { keys, vaultKeyRaw } = await rekeyVault(await this.whileUnlocked(), record, newPassphrase, cost);
      wipe(vaultKeyRaw);
      await this.unlocked.start(keys);
    });
  }

  /**
   * Stores a capture. Unlocked: filed at once. Locked: sealed to the vault's public key
   * into the inbox, filed at the next unlock. No vault yet: held in memory-only session
   * storage and filed when the vault is created. Either way, when this resolves the
   * capture is stored, encrypted whenever a vault exists.
   */
  submitCapture(submitted: Stampable<Capture>, tabId?: number): Promise<CaptureOutcome> {
    return this.serial(async () => {
      const capture: Capture = { ...submitted, at: submitted.at ?? this.now() };
      checkCapture(capture, this.now());
      const record = await this.db.vault.get('main');
      if (!record) {
        await holdPending(this.session, capture, tabId);
        return { saved: 'pending' };
      }
      if (await this.unlocked.active()) {
        await file(await this.whileUnlocked(), [capture], []);
        return { saved: 'filed' };
      }
      await sealToInbox(this.context, this.session, record, capture, tabId);
      return { saved: 'sealed' };
    });
  }

  /** "Yes, regenerate" confirmed on the portal: pending until new values appear (regenerations.ts). */
  startRegeneration(signal: Stampable<PortalSignal>): Promise<void> {
    return this.serial(() => startRegeneration(this.context, signal));
  }

  /** The App's permission, as the user saved it in the portal's settings form (app-permissions.ts). */
  recordPermission(reading: { appId: string; permission: AppPermission }): Promise<void> {
    return this.serial(() => recordPermission(this.context, this.session, reading));
  }

  /** New values shown on the portal: a pending regeneration of them retires the older versions. */
  valuesSeen(signal: PortalSignal): Promise<number> {
    return this.serial(() => valuesSeen(this.context, signal));
  }

  /** What saving values of these kinds for a portal App would replace; works locked. */
  async preview(signal: PortalSignal): Promise<Preview> {
    return preview(this.context, signal);
  }

  /** The user makes a superseded or revoked version current again (history.ts). */
  makeCurrent(credentialId: string): Promise<void> {
    return this.unlockedWrite((context) => makeCurrent(context, credentialId));
  }

  /**
   * Deletes the captures saved while locked that could not be opened, after one more try
   * at filing them; returns how many were deleted.
   */
  discardUnopened(): Promise<number> {
    return this.unlockedWrite(async (context) => {
      await fileInbox(context);
      const left = await this.db.inbox.count();
      await this.db.inbox.clear();
      return left;
    });
  }

  /** Every App (or the `first` ones) with its credentials' metadata, newest first. No value leaves here. */
  async list(first?: number): Promise<AppSummary[]> {
    // Kept while unlocked (list-cache.ts); a vault found locked leaves nothing kept, nor does
    // one that locks while the list is read.
    const session = this.listCache.session;
    const context = await this.whileUnlocked().catch((error: unknown) => {
      void this.listCache.forget();
      throw error;
    });
    return this.listCache.list(context.keys.vaultKeyBase64, (open) => list(context, open), first, session);
  }

  /** Keeps the list read (and stored), without copying it for anyone; locked, it throws before reading. */
  protected override async refreshList(): Promise<void> {
    await this.list(0);
  }

  /** How many active credentials are past their rotation due date; works while locked. */
  async overdueCount(): Promise<number> {
    return overdueCount(this.context);
  }

  /** Active credentials past their due date: plain fields only, so reminders work while locked. */
  async overdueCredentials(): Promise<{ id: string; appId: string; kind: string; dueAt: number }[]> {
    return overdueCredentials(this.context);
  }

  /** Renames an App or changes its notes: the encrypted details are rewritten as a new version. */
  updateApp(appId: string, changes: { appName?: string; notes?: string }): Promise<void> {
    return this.unlockedWrite((context) => updateApp(context, appId, changes));
  }

  /** The user says a credential was regenerated or revoked outside OnceKey (history.ts). */
  markRetired(credentialId: string, as: 'regenerated' | 'revoked'): Promise<void> {
    return this.unlockedWrite((context) => markRetired(context, credentialId, as));
  }

  /** The user says a possibly stale credential still works (stale.ts). */
  stillWorks(credentialId: string): Promise<void> {
    return this.unlockedWrite((context) => stillWorks(context, credentialId));
  }

  /** The user's own "rotate by" date for a current credential, or null for the kind's period again (schedule.ts). */
  setRotateBy(credentialId: string, at: number | null): Promise<void> {
    return this.unlockedWrite((context) => setRotateBy(context, credentialId, at));
  }

  /** What an export of an App holds, values included. Reads only; `recordExport` notes what left. */
  async exportSource(appId: string, credentialIds?: string[]): Promise<ExportSource & { ids: string[] }> {
    return exportSource(await this.whileUnlocked(), appId, credentialIds);
  }

  /** Records an export, one event per version in it, and the App's chosen variable names (history.ts). */
  recordExport(
    appId: string,
    credentialIds: string[],
    format: string,
    naming: { preset: string; customPrefix?: string },
  ): Promise<void> {
    return this.unlockedWrite((context) => recordExport(context, appId, credentialIds, format, naming));
  }

  /** What happened to an App's credentials, newest first: captured, regenerated, copied, exported, read… */
  async appEvents(appId: string, limit = 200): Promise<AppEvent[]> {
    return appEvents(await this.whileUnlocked(), appId, limit);
  }

  /** Records a read of an App's values by the command line, approved by the user (reads.ts). */
  recordRead(appId: string, by: ReadBy): Promise<void> {
    return this.unlistedSerial(async () => recordRead(await this.whileUnlocked(), appId, by));
  }

  /** Records that the user copied a credential (plain: ids, kind and time only). */
  async recordCopy(credentialId: string): Promise<void> {
    // Outside the queue, as before; the list does not show copies, so the kept list stays.
    return recordCopy(this.context, credentialId);
  }

  /** The vault's current key-derivation cost, for Settings. */
  async kdfInfo(): Promise<KdfInfo> {
    await this.unlocked.require();
    return kdfInfo(await readVaultRecord(this.db), this.presets);
  }

  /**
   * Adds a credential the user pasted. The value must have its kind's format; a value
   * already saved for that App is not saved twice.
   */
  addCredential(input: ManualCredential): Promise<{ added: boolean }> {
    return this.unlockedWrite(async (context) => ({
      added: (await file(context, [await manualCapture(context, input)], [])) > 0,
    }));
  }

  /** Deletes one credential version; "Undo" can put it back until the trash is emptied. */
  deleteCredential(credentialId: string): Promise<{ undoId: string }> {
    return this.unlockedWrite((context) => deleteCredential(context, credentialId));
  }

  /** Deletes an App with every version of its credentials and its history. */
  deleteApp(appId: string): Promise<{ undoId: string }> {
    return this.unlockedWrite((context) => deleteApp(context, appId));
  }

  /** Puts deleted records back exactly as they were stored. */
  undoDelete(undoId: string): Promise<void> {
    return this.unlockedWrite((context) => undoDelete(context, undoId));
  }

  /** Makes deletions final: all of them, or those older than `olderThanMs`. */
  async emptyTrash(olderThanMs = 0): Promise<void> {
    // Not a write to the list: deleted records left it when they went into the trash. The
    // popup empties it each time it closes, which must not cost the next one its kept list.
    return emptyTrash(this.context, olderThanMs);
  }

  /**
   * The whole vault as an encrypted backup file (format and checks: utils/vault/backup/format.ts):
   * every record as stored, with an HMAC under a key derived from the vault key. It opens
   * with this vault's passphrase on any machine. Reads only; the trash is left out.
   */
  async backup(): Promise<string> {
    const keys = await this.unlocked.require();
    return backupVault(this.db, keys, this.now);
  }

  /** Chosen backup files, read once (backup/read-files.ts). */
  private readonly files = new ReadFiles();

  /**
   * What a chosen backup file says of itself, from the checks that need no passphrase (or
   * their error, in the words a restore or merge would use). Locked or not, with a vault or
   * not: it reads only the file. The file is kept, read, for the restore or merge that follows.
   */
  inspectBackup(text: string, verb: BackupVerb): BackupSummary {
    return this.files.inspect(text, verb, this.now());
  }

  /** A lock forgets a chosen file too, as it forgets the list. */
  protected override async endSession(): Promise<void> {
    this.files.forget();
    await super.endSession();
  }

  /**
   * Restores a backup where there is no vault yet (a new profile or machine): everything
   * is checked first, then every record is written as it is in the file, in one
   * transaction, and the vault is unlocked, as after unlock. The file's passphrase becomes
   * the vault's. Wrong passphrases do not count towards the unlock throttle (backup/open.ts).
   */
  restore(text: string, passphrase: string): Promise<{ apps: number; credentials: number }> {
    return this.serial(async () => {
      if (await this.db.vault.count()) throw vaultExists();
      // Checked and written together: the transaction commits only once every check has passed.
      const opened = await this.files.use(text, 'restored', this.now(), (file) =>
        restoreBackup(this.db, file, passphrase),
      );
      try {
        await this.unlocked.start(opened.keys);
      } finally {
        wipe(opened.vaultKeyRaw);
      }
      await this.fileWaiting();
      return { apps: opened.records.apps.length, credentials: opened.records.credentials.length };
    });
  }

  /** Merges a backup, opened with its own passphrase, into this unlocked vault (backup/merge-vault.ts). */
  mergeBackup(text: string, filePassphrase: string): Promise<{ added: number; skipped: number }> {
    return this.unlockedWrite((context) =>
      this.files.use(text, 'merged', context.now(), (file) => mergeIntoVault(context, file, filePassphrase)),
    );
  }

  /** One credential's value, for the popup to copy or reveal. */
  async value(credentialId: string): Promise<string> {
    return value(await this.whileUnlocked(), credentialId);
  }
}
