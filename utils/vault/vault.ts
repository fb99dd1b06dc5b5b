import { wipe } from '../crypto/bytes';
import { VaultError } from '../crypto/errors';
import { DEFAULT_KDF } from '../crypto/kdf';
import { KDF_PRESETS, type KdfPreset } from '../crypto/kdf-presets';
import type { ExportSource } from '../export/formats';
import { passphraseStrength } from '../passphrase';
import { rotationDaysFor } from '../rotation';
import { readApps, updateApp } from './app-details';
import { backupVault, commitMerge, openBackup, planMerge, restoreBackup, vaultExists } from './backup';
import { checkKdf } from './bindings';
import type { UnlockedContext, VaultContext } from './context';
import type { VaultDb } from './db';
import { file, fileInbox, filePending, manualCapture, sealToInbox } from './filing';
import { markRetired, recordCopy, recordExport, recordRegeneration } from './history';
import { type KdfCost, kdfInfo, loadKeys, newVaultRecord, readVaultRecord, rewrapVaultKey } from './keyring';
import { appEvents, exportSource, list, overdueCount, overdueCredentials, value } from './queries';
import { recordRead } from './reads';
import type { SessionStore } from './session';
import { readSettings, writeSettings } from './settings';
import { unwrapWithPassphrase } from './throttle';
import { clearTrash, deleteApp, deleteCredential, emptyTrash, undoDelete } from './trash';
import type {
  AppEvent,
  AppSummary,
  Capture,
  CaptureOutcome,
  KdfInfo,
  ManualCredential,
  ReadBy,
  Regeneration,
  Settings,
  SettingsChange,
  VaultStatus,
} from './types';
import { UnlockedSession } from './unlocked';

// The background and the tests import these from here.
export { DEFAULT_SETTINGS } from './settings';
export { FREE_ATTEMPTS, MAX_THROTTLE_MS, throttleDelay } from './throttle';
export { TRASH_MS } from './trash';

export interface VaultOptions {
  db: VaultDb;
  session: SessionStore;
  now?: () => number;
  /** Argon2id cost; tests lower it, real vaults use DEFAULT_KDF or more. */
  kdf?: KdfCost;
  /** Called after the vault locks, by request or by auto-lock. */
  onLock?: () => void;
  /** The strengths Settings offers; tests make them cheap. */
  presets?: Record<KdfPreset, KdfCost>;
}

/**
 * The vault service: the only code that reads or writes the vault database. It runs in
 * the background; pages and content scripts reach it through utils/protocol. Each job is
 * a module beside this file (keyring, unlocked, settings, throttle, filing, queries,
 * app-details, history, trash, backup/); this class composes them, checks that the vault
 * is unlocked where it must be, and runs the writes one at a time.
 */
export class Vault {
  private readonly db: VaultDb;
  private readonly session: SessionStore;
  private readonly now: () => number;
  private readonly kdf: KdfCost;
  private readonly onLock: () => void;
  private readonly presets: Record<KdfPreset, KdfCost>;
  private readonly context: VaultContext;
  private readonly unlocked: UnlockedSession;
  /** Writes that read-modify-write the vault run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: VaultOptions) {
    this.db = options.db;
    this.session = options.session;
    this.now = options.now ?? Date.now;
    this.kdf = options.kdf ?? DEFAULT_KDF;
    this.onLock = options.onLock ?? (() => {});
    this.presets = options.presets ?? KDF_PRESETS;
    this.context = { db: this.db, now: this.now };
    this.unlocked = new UnlockedSession(this.context, this.session, () => this.lock());
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The database, the clock and the keys, or the "locked" error. */
  private async whileUnlocked(): Promise<UnlockedContext> {
    return { ...this.context, keys: await this.unlocked.require() };
  }

  async status(): Promise<VaultStatus> {
    const exists = (await this.db.vault.count()) > 0;
    if (!exists) return { exists, locked: true };
    return { exists, locked: !(await this.unlocked.active()) };
  }

  async settings(): Promise<Settings> {
    return readSettings(this.db);
  }

  /** Saves settings; a new rotation period moves the due dates it covers (settings.ts). */
  updateSettings(changes: SettingsChange): Promise<Settings> {
    return this.serial(async () => {
      await this.unlocked.require();
      await writeSettings(this.db, changes);
      return readSettings(this.db);
    });
  }

  /** When the session will auto-lock, if it is unlocked. */
  async lockDeadline(): Promise<number | undefined> {
    return this.unlocked.deadline();
  }

  /** Records activity by the user, which postpones auto-lock. */
  async touch(): Promise<void> {
    return this.unlocked.touch();
  }

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
      await filePending(await this.whileUnlocked(), this.session);
      return { exists: true, locked: false };
    });
  }

  unlock(passphrase: string): Promise<VaultStatus> {
    return this.serial(async () => {
      const record = await readVaultRecord(this.db);
      const raw = await unwrapWithPassphrase(this.session, this.now, passphrase, record);
      try {
        await this.unlocked.start(await loadKeys(raw, record));
      } finally {
        wipe(raw);
      }
      await fileInbox(await this.whileUnlocked());
      return { exists: true, locked: false };
    });
  }

  async lock(): Promise<VaultStatus> {
    await this.unlocked.end();
    await clearTrash(this.context);
    this.onLock();
    return this.status();
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
   * Stores a capture. Unlocked: filed at once. Locked: sealed to the vault's public key
   * into the inbox, filed at the next unlock. No vault yet: held in memory-only session
   * storage and filed when the vault is created. Either way, when this resolves the
   * capture is stored, encrypted whenever a vault exists.
   */
  submitCapture(capture: Capture): Promise<CaptureOutcome> {
    return this.serial(async () => {
      const record = await this.db.vault.get('main');
      if (!record) {
        await this.session.setPending([...(await this.session.getPending()), capture]);
        return { saved: 'pending' };
      }
      if (await this.unlocked.active()) {
        await file(await this.whileUnlocked(), [capture], []);
        return { saved: 'filed' };
      }
      return sealToInbox(this.context, record, capture);
    });
  }

  /** A regeneration the user confirmed on the portal; works while locked (history.ts). */
  recordRegeneration(regeneration: Regeneration): Promise<void> {
    return this.serial(() => recordRegeneration(this.context, regeneration));
  }

  /** Every App with its credentials' metadata, newest first. No value leaves here. */
  async list(): Promise<AppSummary[]> {
    return list(await this.whileUnlocked());
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
    return this.serial(async () => updateApp(await this.whileUnlocked(), appId, changes));
  }

  /** The user says a credential was regenerated or revoked outside OnceKey (history.ts). */
  markRetired(credentialId: string, as: 'regenerated' | 'revoked'): Promise<void> {
    return this.serial(async () => {
      await this.unlocked.require();
      await markRetired(this.context, credentialId, as);
    });
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
    return this.serial(async () => recordExport(await this.whileUnlocked(), appId, credentialIds, format, naming));
  }

  /** What happened to an App's credentials, newest first: captured, regenerated, copied, exported, read… */
  async appEvents(appId: string, limit = 200): Promise<AppEvent[]> {
    return appEvents(await this.whileUnlocked(), appId, limit);
  }

  /** Records a read of an App's values by the command line, approved by the user (reads.ts). */
  recordRead(appId: string, by: ReadBy): Promise<void> {
    return this.serial(async () => recordRead(await this.whileUnlocked(), appId, by));
  }

  /** Records that the user copied a credential (plain: ids, kind and time only). */
  async recordCopy(credentialId: string): Promise<void> {
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
    return this.serial(async () => {
      const context = await this.whileUnlocked();
      return { added: (await file(context, [await manualCapture(context, input)], [])) > 0 };
    });
  }

  /** Deletes one credential version; "Undo" can put it back until the trash is emptied. */
  deleteCredential(credentialId: string): Promise<{ undoId: string }> {
    return this.serial(async () => {
      await this.unlocked.require();
      return deleteCredential(this.context, credentialId);
    });
  }

  /** Deletes an App with every version of its credentials and its history. */
  deleteApp(appId: string): Promise<{ undoId: string }> {
    return this.serial(async () => {
      await this.unlocked.require();
      return deleteApp(this.context, appId);
    });
  }

  /** Puts deleted records back exactly as they were stored. */
  undoDelete(undoId: string): Promise<void> {
    return this.serial(async () => {
      await this.unlocked.require();
      await undoDelete(this.context, undoId);
    });
  }

  /** Makes deletions final: all of them, or those older than `olderThanMs`. */
  async emptyTrash(olderThanMs = 0): Promise<void> {
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
      const opened = await restoreBackup(this.db, text, passphrase);
      try {
        await this.unlocked.start(opened.keys);
      } finally {
        wipe(opened.vaultKeyRaw);
      }
      // Captures made before any vault existed, then the file's sealed ones, as create and unlock do.
      await filePending(await this.whileUnlocked(), this.session);
      await fileInbox(await this.whileUnlocked());
      return { apps: opened.records.apps.length, credentials: opened.records.credentials.length };
    });
  }

  /**
   * Merges a backup (opened with its own passphrase) into this unlocked vault: its records
   * are decrypted and re-encrypted under this vault's key (rules: planMerge in backup/merge.ts),
   * and written in one transaction after all crypto is done. Its sealed captures are then
   * filed, as at unlock. `added` counts new credential versions, `skipped` values already here.
   */
  mergeBackup(text: string, filePassphrase: string): Promise<{ added: number; skipped: number }> {
    return this.serial(async () => {
      const context = await this.whileUnlocked();
      // This vault's side is read while the file's Argon2id runs (reads only; nothing else
      // runs in between: serial). Awaited, and so reported, only once the file has opened.
      const reading = Promise.all([
        readSettings(this.db),
        readApps(context),
        this.db.credentials.toArray(),
        this.db.events.toArray(),
      ]);
      reading.catch(() => undefined);
      const opened = await openBackup(text, filePassphrase, 'merged');
      wipe(opened.vaultKeyRaw);
      const [settings, apps, credentials, events] = await reading;
      const plan = await planMerge(opened, {
        keys: context.keys,
        apps,
        credentials,
        events,
        rotationDays: (kind) => rotationDaysFor(settings, kind),
        now: this.now(),
      });
      await commitMerge(this.db, plan);
      const filed = plan.captures.length
        ? await file(
            context,
            plan.captures,
            plan.inbox.map((item) => item.id),
          )
        : 0;
      return { added: plan.added + filed, skipped: plan.skipped };
    });
  }

  /** One credential's value, for the popup to copy or reveal. */
  async value(credentialId: string): Promise<string> {
    return value(await this.whileUnlocked(), credentialId);
  }
}
