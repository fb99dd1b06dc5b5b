import { type Binding, decrypt, encrypt, FORMAT_SEALED, formatOf, importAesKey } from '../crypto/aead';
import { fromBase64, toBase64 } from '../crypto/base64';
import { fromUtf8, randomBytes, utf8, wipe } from '../crypto/bytes';
import { VaultError } from '../crypto/errors';
import { DEFAULT_KDF, deriveKey, type KdfParams } from '../crypto/kdf';
import { KDF_PRESETS, type KdfPreset } from '../crypto/kdf-presets';
import { generateKeyPair, importPrivateKey, open, seal } from '../crypto/seal';
import type { ExportSource } from '../export/formats';
import { exportStates } from '../export/stale';
import { formatProblem, KIND_LABELS, type Kind, matchesFormat } from '../kinds';
import { passphraseStrength } from '../passphrase';
import { rotationDaysFor } from '../rotation';
import { commitMerge, openBackup, planMerge, restoreBackup, vaultExists, writeBackup } from './backup/backup';
import { appDetailsBinding, checkKdf, credentialBinding, inboxBinding, PRIVATE_KEY, WRAPPED_KEY } from './bindings';
import {
  type AppRecord,
  type CredentialRecord,
  DAY_MS,
  DEFAULT_ROTATION_DAYS,
  type EventRecord,
  type TrashRecord,
  type VaultDb,
  type VaultRecord,
} from './db';
import type { SessionStore } from './session';
import type {
  AppDetails,
  AppEvent,
  AppSummary,
  Capture,
  CaptureOutcome,
  CredentialDetails,
  CredentialSummary,
  KdfInfo,
  ManualCredential,
  Regeneration,
  Settings,
  SettingsChange,
  UnlockedKeys,
  VaultStatus,
} from './types';

type NumericSetting = Exclude<keyof Settings, 'rotationDaysByKind'>;

export const DEFAULT_SETTINGS: Settings = {
  autoLockSeconds: 15 * 60,
  clipboardClearSeconds: 30,
  rotationDays: DEFAULT_ROTATION_DAYS,
  rotationDaysByKind: {},
};

const KIND_ROTATION_KEY = 'rotationDays.';

/** How long deleted records wait for "Undo" at most, should the popup never say it closed. */
export const TRASH_MS = 10 * 60 * 1000;
/** After this many wrong passphrases in a row, each further try waits 1 s, 2 s, 4 s… up to 30 s. */
export const FREE_ATTEMPTS = 3;
export const MAX_THROTTLE_MS = 30_000;

export function throttleDelay(failures: number, lastFailureAt: number, now: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  const delay = Math.min(1000 * 2 ** (failures - FREE_ATTEMPTS), MAX_THROTTLE_MS);
  return Math.max(0, lastFailureAt + delay - now);
}

export interface VaultOptions {
  db: VaultDb;
  session: SessionStore;
  now?: () => number;
  /** Argon2id cost; tests lower it, real vaults use DEFAULT_KDF or more. */
  kdf?: { memoryKiB: number; iterations: number; parallelism: number };
  /** Called after the vault locks, by request or by auto-lock. */
  onLock?: () => void;
  /** The strengths Settings offers; tests make them cheap. */
  presets?: Record<KdfPreset, { memoryKiB: number; iterations: number; parallelism: number }>;
}

/**
 * The vault service: the only code that reads or writes the vault database. It runs in
 * the background; pages and content scripts reach it through utils/messages.ts.
 */
export class Vault {
  private readonly db: VaultDb;
  private readonly session: SessionStore;
  private readonly now: () => number;
  private readonly kdf: VaultOptions['kdf'] & object;
  private readonly onLock: () => void;
  private readonly presets: NonNullable<VaultOptions['presets']>;
  private keys: UnlockedKeys | undefined;
  /** Writes that read-modify-write the vault run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: VaultOptions) {
    this.db = options.db;
    this.session = options.session;
    this.now = options.now ?? Date.now;
    this.kdf = options.kdf ?? DEFAULT_KDF;
    this.onLock = options.onLock ?? (() => {});
    this.presets = options.presets ?? KDF_PRESETS;
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async record(): Promise<VaultRecord> {
    const record = await this.db.vault.get('main');
    if (!record) throw new VaultError('no-vault', 'No vault yet: open OnceKey and create one.');
    if (record.formatVersion !== 1) {
      throw new VaultError('unsupported-format', 'This vault was written by a newer version of OnceKey.');
    }
    return record;
  }

  async status(): Promise<VaultStatus> {
    const exists = (await this.db.vault.count()) > 0;
    if (!exists) return { exists, locked: true };
    return { exists, locked: !(await this.activeSession()) };
  }

  async settings(): Promise<Settings> {
    const rows = await this.db.settings.toArray();
    const settings: Settings = { ...DEFAULT_SETTINGS, rotationDaysByKind: {} };
    for (const { key, value } of rows) {
      if (!Number.isFinite(value)) continue;
      if (key.startsWith(KIND_ROTATION_KEY)) {
        const kind = key.slice(KIND_ROTATION_KEY.length);
        if (Object.hasOwn(KIND_LABELS, kind)) settings.rotationDaysByKind[kind as Kind] = value;
      } else if (Object.hasOwn(DEFAULT_SETTINGS, key) && key !== 'rotationDaysByKind') {
        settings[key as NumericSetting] = value;
      }
    }
    return settings;
  }

  /**
   * Saves settings. A new rotation period moves the due dates of the credentials it covers,
   * in the same transaction, so the badge and reminders follow at once.
   */
  updateSettings(changes: SettingsChange): Promise<Settings> {
    return this.serial(async () => {
      await this.requireUnlocked();
      const { rotationDaysByKind = {}, ...plain } = changes;
      const puts = Object.entries(plain)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => ({ key, value: value as number }));
      const removals: string[] = [];
      for (const [kind, days] of Object.entries(rotationDaysByKind)) {
        if (days === null || days === undefined) removals.push(KIND_ROTATION_KEY + kind);
        else puts.push({ key: KIND_ROTATION_KEY + kind, value: days });
      }
      const rotationChanged = changes.rotationDays !== undefined || Object.keys(rotationDaysByKind).length > 0;
      await this.db.transaction('rw', [this.db.settings, this.db.credentials], async () => {
        await this.db.settings.bulkPut(puts);
        await this.db.settings.bulkDelete(removals);
        if (!rotationChanged) return;
        const settings = await this.settings();
        await this.db.credentials.toCollection().modify((c) => {
          c.dueAt = c.createdAt + rotationDaysFor(settings, c.kind) * DAY_MS;
        });
      });
      return this.settings();
    });
  }

  /** The session, if unlocked and not idle past the auto-lock timeout (which locks it). */
  private async activeSession() {
    const state = await this.session.get();
    if (!state) {
      this.keys = undefined;
      return undefined;
    }
    const { autoLockSeconds } = await this.settings();
    if (this.now() - state.lastActivityAt >= autoLockSeconds * 1000) {
      await this.lock();
      return undefined;
    }
    return state;
  }

  /** When the session will auto-lock, if it is unlocked. */
  async lockDeadline(): Promise<number | undefined> {
    const state = await this.session.get();
    if (!state) return undefined;
    const { autoLockSeconds } = await this.settings();
    return state.lastActivityAt + autoLockSeconds * 1000;
  }

  /** Records activity by the user, which postpones auto-lock. */
  async touch(): Promise<void> {
    const state = await this.activeSession();
    if (state) await this.session.set({ ...state, lastActivityAt: this.now() });
  }

  private async requireUnlocked(): Promise<UnlockedKeys> {
    const state = await this.activeSession();
    if (!state) throw new VaultError('locked', 'The vault is locked: unlock it with your passphrase.');
    if (this.keys?.vaultKeyBase64 === state.vaultKey) return this.keys;
    // A restarted service worker: the key is still in session storage, the imported keys are not.
    const raw = fromBase64(state.vaultKey);
    try {
      this.keys = await this.loadKeys(raw, await this.record());
    } finally {
      wipe(raw);
    }
    return this.keys;
  }

  private async loadKeys(vaultKeyRaw: Uint8Array<ArrayBuffer>, record: VaultRecord): Promise<UnlockedKeys> {
    const vaultKey = await importAesKey(vaultKeyRaw);
    formatOf(record.wrappedPrivateKey, "The vault's private key");
    const pkcs8 = await decrypt(vaultKey, record.wrappedPrivateKey, PRIVATE_KEY, "The vault's private key");
    try {
      const privateKey = await importPrivateKey(pkcs8, record.publicKey);
      return { vaultKeyBase64: toBase64(vaultKeyRaw), vaultKey, privateKey, publicKey: record.publicKey };
    } finally {
      wipe(pkcs8);
    }
  }

  /** Derives the key-encryption key: with the vault's stored parameters, or fresh ones for a new passphrase. */
  private async derive(
    passphrase: string,
    stored?: KdfParams,
    cost: VaultOptions['kdf'] & object = this.kdf,
  ): Promise<{ kek: CryptoKey; kdf: KdfParams }> {
    const kdf = stored ?? {
      algorithm: 'argon2id' as const,
      memoryKiB: cost.memoryKiB,
      iterations: cost.iterations,
      parallelism: cost.parallelism,
      salt: randomBytes(16),
    };
    const derived = await deriveKey(passphrase, kdf);
    try {
      return { kek: await importAesKey(derived), kdf };
    } finally {
      wipe(derived);
    }
  }

  private assertStrong(passphrase: string): void {
    const strength = passphraseStrength(passphrase);
    if (!strength.acceptable) throw new VaultError('weak-passphrase', `Passphrase too weak. ${strength.hint}`);
  }

  private async startSession(keys: UnlockedKeys): Promise<void> {
    const now = this.now();
    this.keys = keys;
    await this.session.set({ vaultKey: keys.vaultKeyBase64, unlockedAt: now, lastActivityAt: now });
  }

  create(passphrase: string): Promise<VaultStatus> {
    return this.serial(async () => {
      this.assertStrong(passphrase);
      if (await this.db.vault.count()) throw new VaultError('vault-exists', 'A vault already exists.');
      const { kek, kdf } = await this.derive(passphrase);
      const vaultKeyRaw = randomBytes(32);
      const vaultKey = await importAesKey(vaultKeyRaw);
      const pair = await generateKeyPair();
      const record: VaultRecord = {
        id: 'main',
        formatVersion: 1,
        kdf,
        keyVersion: 1,
        wrappedKey: await encrypt(kek, vaultKeyRaw, WRAPPED_KEY({ keyVersion: 1 })),
        publicKey: pair.publicKey,
        wrappedPrivateKey: await encrypt(vaultKey, pair.privateKeyPkcs8, PRIVATE_KEY),
        createdAt: this.now(),
      };
      wipe(pair.privateKeyPkcs8);
      // add(), not put(): a second "Create vault" racing the first must not replace it.
      await this.db.vault.add(record);
      await this.startSession(await this.loadKeys(vaultKeyRaw, record));
      wipe(vaultKeyRaw);
      // Captures made before the vault existed: into the vault, then out of memory.
      const pending = await this.session.getPending();
      if (pending.length) {
        await this.file(pending, []);
        await this.session.setPending([]);
      }
      return { exists: true, locked: false };
    });
  }

  /** Checks a passphrase against the vault; wrong ones count towards the throttle. */
  private async unwrap(passphrase: string, record: VaultRecord): Promise<Uint8Array<ArrayBuffer>> {
    const throttle = await this.session.getThrottle();
    const wait = throttleDelay(throttle.failures, throttle.lastFailureAt, this.now());
    if (wait > 0) {
      throw new VaultError('throttled', `Too many wrong passphrases. Try again in ${Math.ceil(wait / 1000)} s.`, wait);
    }
    formatOf(record.wrappedKey, 'The wrapped vault key');
    const { kek } = await this.derive(passphrase, checkKdf(record.kdf));
    try {
      const raw = await decrypt(kek, record.wrappedKey, WRAPPED_KEY(record), 'The wrapped vault key');
      await this.session.setThrottle({ failures: 0, lastFailureAt: 0 });
      return raw;
    } catch {
      await this.session.setThrottle({ failures: throttle.failures + 1, lastFailureAt: this.now() });
      throw new VaultError('wrong-passphrase', 'That passphrase does not open this vault.');
    }
  }

  unlock(passphrase: string): Promise<VaultStatus> {
    return this.serial(async () => {
      const record = await this.record();
      const raw = await this.unwrap(passphrase, record);
      try {
        await this.startSession(await this.loadKeys(raw, record));
      } finally {
        wipe(raw);
      }
      await this.fileInbox();
      return { exists: true, locked: false };
    });
  }

  async lock(): Promise<VaultStatus> {
    this.keys = undefined;
    await this.session.clear();
    // Undo is for the popup that deleted; a locked vault keeps no deleted records.
    if (await this.db.trash.count()) await this.db.trash.clear();
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
      const record = await this.record();
      const raw = await this.unwrap(oldPassphrase, record);
      try {
        const cost = strength ? this.presets[strength] : checkKdf(record.kdf);
        const { kek, kdf } = await this.derive(newPassphrase, undefined, cost);
        const keyVersion = record.keyVersion + 1;
        const wrappedKey = await encrypt(kek, raw, WRAPPED_KEY({ keyVersion }));
        await this.db.vault.update('main', { kdf, keyVersion, wrappedKey });
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
      if (await this.activeSession()) {
        await this.file([capture], []);
        return { saved: 'filed' };
      }
      const id = crypto.randomUUID();
      const receivedAt = this.now();
      const sealed = await seal(record.publicKey, utf8(JSON.stringify(capture)), inboxBinding(id, receivedAt));
      await this.db.inbox.add({ id, receivedAt, sealed });
      return { saved: 'sealed' };
    });
  }

  /**
   * Records a regeneration the user confirmed on the portal, even before the new values
   * are captured: the App's current versions of those kinds are marked superseded on that
   * date. Only plain fields change, so this works while locked.
   */
  recordRegeneration({ appId: portalAppId, kinds, at }: Regeneration): Promise<void> {
    return this.serial(async () => {
      if (!(await this.db.vault.count())) return;
      const app = portalAppId ? await this.db.apps.where('portalAppId').equals(portalAppId).first() : undefined;
      await this.db.transaction('rw', [this.db.credentials, this.db.events], async () => {
        for (const kind of kinds) {
          const event: EventRecord = { at, type: 'regenerated', kind };
          if (app) event.appId = app.id;
          if (portalAppId) event.portalAppId = portalAppId;
          await this.db.events.add(event);
          if (!app) continue;
          await this.db.credentials
            .where({ appId: app.id, kind })
            .filter((c) => c.status === 'active' && c.createdAt <= at)
            .modify({ status: 'superseded', supersededAt: at });
        }
      });
    });
  }

  /** Files every sealed capture waiting in the inbox. A damaged one stays there, untouched. */
  private async fileInbox(): Promise<{ damaged: number }> {
    const keys = await this.requireUnlocked();
    const waiting = await this.db.inbox.orderBy('id').toArray();
    const captures: Capture[] = [];
    const filedIds: string[] = [];
    let damaged = 0;
    for (const item of waiting) {
      try {
        const plain = await open(
          keys.privateKey,
          keys.publicKey,
          item.sealed,
          inboxBinding(item.id, item.receivedAt),
          'A saved capture',
        );
        captures.push(JSON.parse(fromUtf8(plain)) as Capture);
        filedIds.push(item.id);
      } catch {
        damaged++;
      }
    }
    if (waiting.length)
      await this.file(
        captures.sort((a, b) => a.at - b.at),
        filedIds,
      );
    return { damaged };
  }

  /**
   * Files captures into Apps and credential versions. All crypto happens first; the
   * writes then go in one transaction, so a failure leaves the vault (and the inbox) as
   * it was.
   */
  private async file(captures: Capture[], inboxIds: string[]): Promise<number> {
    const keys = await this.requireUnlocked();
    const settings = await this.settings();
    const apps = await this.appsWithDetails();
    const appPuts = new Map<string, AppRecord>();
    /** Credential records to write, by id: new versions and the ones they supersede. */
    const credentialPuts = new Map<string, CredentialRecord>();
    const fresh: { appId: string; kind: string; value: string }[] = [];
    const events: EventRecord[] = [];

    for (const capture of captures) {
      let app = apps.find(({ record, details }) =>
        capture.vaultAppId
          ? record.id === capture.vaultAppId
          : capture.appId
            ? record.portalAppId === capture.appId
            : !record.portalAppId && details.appName === capture.appName && details.projectName === capture.projectName,
      );
      if (!app) {
        const record = { id: crypto.randomUUID(), host: capture.host, createdAt: capture.at, version: 0 } as AppRecord;
        if (capture.appId) record.portalAppId = capture.appId;
        app = { record, details: {} };
        apps.push(app);
      }
      // Fill in what the portal showed this time and not before.
      const details = { ...app.details };
      details.appName ??= capture.appName;
      details.projectName ??= capture.projectName;
      const portalProjectId = app.record.portalProjectId ?? capture.projectId;
      if (
        app.record.version === 0 ||
        portalProjectId !== app.record.portalProjectId ||
        JSON.stringify(details) !== JSON.stringify(app.details)
      ) {
        const record = { ...app.record, version: app.record.version + 1, updatedAt: capture.at };
        if (portalProjectId) record.portalProjectId = portalProjectId;
        record.details = await encrypt(keys.vaultKey, utf8(JSON.stringify(details)), appDetailsBinding(record));
        app = Object.assign(app, { record, details });
        appPuts.set(record.id, record);
      }

      const appId = app.record.id;
      for (const credential of capture.credentials) {
        const { kind, value } = credential;
        if (fresh.some((f) => f.appId === appId && f.kind === kind && f.value === value)) continue;
        const stored = await this.db.credentials.where({ appId, kind }).toArray();
        const storedValues = await Promise.all(stored.map((c) => this.openValue(keys, c)));
        if (storedValues.includes(value)) continue;
        // Same values twice are one credential; a different value is the next version.
        const previous = new Map(stored.map((c) => [c.id, c]));
        for (const c of credentialPuts.values()) if (c.appId === appId && c.kind === kind) previous.set(c.id, c);
        let version = 1;
        for (const old of previous.values()) {
          version = Math.max(version, old.version + 1);
          if (old.status === 'active')
            credentialPuts.set(old.id, { ...old, status: 'superseded', supersededAt: capture.at });
        }
        const record = {
          id: crypto.randomUUID(),
          appId,
          kind,
          version,
          createdAt: capture.at,
          capturedAt: this.now(),
          status: 'active',
          dueAt: capture.at + rotationDaysFor(settings, kind) * DAY_MS,
        } as CredentialRecord;
        const extra: CredentialDetails = {};
        if (credential.handle) extra.handle = credential.handle;
        if (credential.permission) extra.permission = credential.permission;
        record.value = await encrypt(keys.vaultKey, utf8(value), credentialBinding(record, 'value'));
        record.details = await encrypt(
          keys.vaultKey,
          utf8(JSON.stringify(extra)),
          credentialBinding(record, 'details'),
        );
        credentialPuts.set(record.id, record);
        fresh.push({ appId, kind, value });
        events.push({
          at: capture.at,
          type: version > 1 ? 'regenerated' : 'captured',
          appId,
          credentialId: record.id,
          kind,
        });
      }
    }

    await this.db.transaction('rw', [this.db.apps, this.db.credentials, this.db.events, this.db.inbox], async () => {
      await this.db.apps.bulkPut([...appPuts.values()]);
      await this.db.credentials.bulkPut([...credentialPuts.values()]);
      await this.db.events.bulkAdd(events);
      await this.db.inbox.bulkDelete(inboxIds);
    });
    return fresh.length;
  }

  private async openField(keys: UnlockedKeys, blob: Uint8Array, binding: Binding, what: string): Promise<string> {
    const plain =
      formatOf(blob, what) === FORMAT_SEALED
        ? await open(keys.privateKey, keys.publicKey, blob, binding, what)
        : await decrypt(keys.vaultKey, blob, binding, what);
    return fromUtf8(plain);
  }

  private openValue(keys: UnlockedKeys, credential: CredentialRecord): Promise<string> {
    return this.openField(keys, credential.value, credentialBinding(credential, 'value'), 'A credential');
  }

  /** One App with its names and notes decrypted, or undefined if it is gone. */
  private async appWithDetails(appId: string): Promise<{ record: AppRecord; details: AppDetails } | undefined> {
    const keys = await this.requireUnlocked();
    const record = await this.db.apps.get(appId);
    if (!record) return undefined;
    const details = await this.openField(keys, record.details, appDetailsBinding(record), "An App's name");
    return { record, details: JSON.parse(details) as AppDetails };
  }

  private async appsWithDetails(): Promise<{ record: AppRecord; details: AppDetails }[]> {
    const keys = await this.requireUnlocked();
    const records = await this.db.apps.toArray();
    return Promise.all(
      records.map(async (record) => ({
        record,
        details: JSON.parse(
          await this.openField(keys, record.details, appDetailsBinding(record), "An App's name"),
        ) as AppDetails,
      })),
    );
  }

  /** Every App with its credentials' metadata, newest first. No value leaves here. */
  async list(): Promise<AppSummary[]> {
    const keys = await this.requireUnlocked();
    const [apps, credentials, exported] = await Promise.all([
      this.appsWithDetails(),
      this.db.credentials.toArray(),
      this.db.events.where('type').equals('exported').toArray(),
    ]);
    const credentialsById = new Map(credentials.map((c) => [c.id, c]));
    // Every decryption at once: WebCrypto runs them off the main thread, and awaiting them
    // one by one would cost a thread hop each.
    const items = await Promise.all(
      credentials.map(async (c): Promise<[string, CredentialSummary]> => {
        const extra = JSON.parse(
          await this.openField(keys, c.details, credentialBinding(c, 'details'), "A credential's details"),
        ) as CredentialDetails;
        const item: CredentialSummary = {
          id: c.id,
          kind: c.kind,
          version: c.version,
          status: c.status,
          createdAt: c.createdAt,
          capturedAt: c.capturedAt,
          dueAt: c.dueAt,
          ...extra,
        };
        if (c.supersededAt !== undefined) item.supersededAt = c.supersededAt;
        return [c.appId, item];
      }),
    );
    const byApp = new Map<string, CredentialSummary[]>();
    for (const [appId, item] of items) byApp.set(appId, [...(byApp.get(appId) ?? []), item]);
    const summaries = apps.map(({ record, details }) => {
      const own = (byApp.get(record.id) ?? []).sort((a, b) => b.createdAt - a.createdAt);
      const exports = exportStates(
        exported.filter((e) => e.appId === record.id),
        credentialsById,
      );
      const summary: AppSummary = { id: record.id, host: record.host, ...details, exports, credentials: own };
      if (record.portalProjectId) summary.projectId = record.portalProjectId;
      if (record.portalAppId) summary.portalAppId = record.portalAppId;
      return { summary, newest: own[0]?.createdAt ?? record.updatedAt };
    });
    return summaries.sort((a, b) => b.newest - a.newest).map((s) => s.summary);
  }

  /**
   * How many active credentials are past their rotation due date. Reads only plain
   * fields through the dueAt index, so the toolbar badge counts while locked.
   */
  async overdueCount(): Promise<number> {
    return this.db.credentials
      .where('dueAt')
      .belowOrEqual(this.now())
      .filter((c) => c.status === 'active')
      .count();
  }

  /** Renames an App or changes its notes: the encrypted details are rewritten as a new version. */
  updateApp(appId: string, changes: { appName?: string; notes?: string }): Promise<void> {
    return this.serial(async () => {
      const keys = await this.requireUnlocked();
      const found = await this.appWithDetails(appId);
      if (!found) throw new VaultError('not-found', 'That App is no longer in the vault.');
      const details: AppDetails = { ...found.details };
      for (const [key, value] of Object.entries(changes) as [keyof typeof changes, string | undefined][]) {
        if (value === undefined) continue;
        if (value.trim()) details[key] = value.trim();
        else delete details[key];
      }
      const record = { ...found.record, version: found.record.version + 1, updatedAt: this.now() };
      record.details = await encrypt(keys.vaultKey, utf8(JSON.stringify(details)), appDetailsBinding(record));
      await this.db.apps.put(record);
    });
  }

  /**
   * The user says a credential was regenerated or revoked outside OnceKey: the version
   * stops being active, dated now. Plain fields only; the value is kept for the record.
   */
  markRetired(credentialId: string, as: 'regenerated' | 'revoked'): Promise<void> {
    return this.serial(async () => {
      await this.requireUnlocked();
      const at = this.now();
      await this.db.transaction('rw', [this.db.credentials, this.db.events], async () => {
        const credential = await this.db.credentials.get(credentialId);
        if (!credential) throw new VaultError('not-found', 'That credential is no longer in the vault.');
        if (credential.status !== 'active') return;
        await this.db.credentials.update(credentialId, {
          status: as === 'revoked' ? 'revoked' : 'superseded',
          supersededAt: at,
        });
        await this.db.events.add({ at, type: as, appId: credential.appId, credentialId, kind: credential.kind });
      });
    });
  }

  /**
   * What an export of an App holds: its active credentials, or the versions the user picked,
   * with their values and the App's names. Reads only; `recordExport` notes what left.
   */
  async exportSource(appId: string, credentialIds?: string[]): Promise<ExportSource & { ids: string[] }> {
    const keys = await this.requireUnlocked();
    const found = await this.appWithDetails(appId);
    if (!found) throw new VaultError('not-found', 'That App is no longer in the vault.');
    const own = await this.db.credentials.where('appId').equals(appId).toArray();
    const chosen = credentialIds
      ? credentialIds.map((id) => {
          const c = own.find((o) => o.id === id);
          if (!c) throw new VaultError('not-found', 'A credential to export is no longer in the vault.');
          return c;
        })
      : own.filter((c) => c.status === 'active');
    if (!chosen.length) throw new VaultError('not-found', 'This App has no current credentials to export.');
    const items = await Promise.all(
      chosen.map(async (c) => ({
        kind: c.kind as Kind,
        value: await this.openValue(keys, c),
        version: c.version,
        createdAt: c.createdAt,
      })),
    );
    const source: ExportSource & { ids: string[] } = { items, ids: chosen.map((c) => c.id) };
    if (found.details.appName) source.appName = found.details.appName;
    if (found.details.projectName) source.projectName = found.details.projectName;
    if (found.record.portalAppId) source.portalAppId = found.record.portalAppId;
    return source;
  }

  /**
   * Records an export: one event per credential version in it, so the App can say when the
   * file went stale; and remembers the variable names chosen for this App.
   */
  recordExport(
    appId: string,
    credentialIds: string[],
    format: string,
    naming: { preset: string; customPrefix?: string },
  ): Promise<void> {
    return this.serial(async () => {
      const keys = await this.requireUnlocked();
      const at = this.now();
      const credentials = await this.db.credentials.bulkGet(credentialIds);
      const found = await this.appWithDetails(appId);
      let app: AppRecord | undefined;
      if (
        found &&
        (found.details.exportPreset !== naming.preset || found.details.exportPrefix !== naming.customPrefix)
      ) {
        const details: AppDetails = { ...found.details, exportPreset: naming.preset };
        if (naming.customPrefix !== undefined) details.exportPrefix = naming.customPrefix;
        else delete details.exportPrefix;
        app = { ...found.record, version: found.record.version + 1, updatedAt: at };
        app.details = await encrypt(keys.vaultKey, utf8(JSON.stringify(details)), appDetailsBinding(app));
      }
      await this.db.transaction('rw', [this.db.apps, this.db.events], async () => {
        if (app) await this.db.apps.put(app);
        await this.db.events.bulkAdd(
          credentials
            .filter((c): c is CredentialRecord => c !== undefined)
            .map((c) => ({ at, type: 'exported' as const, appId, credentialId: c.id, kind: c.kind, format })),
        );
      });
    });
  }

  /** What happened to an App's credentials, newest first: captured, regenerated, copied, exported… */
  async appEvents(appId: string, limit = 200): Promise<AppEvent[]> {
    await this.requireUnlocked();
    const events = await this.db.events.where('appId').equals(appId).toArray();
    return events
      .sort((a, b) => b.at - a.at || (b.id ?? 0) - (a.id ?? 0))
      .slice(0, limit)
      .map(({ at, type, kind, format }) => ({ at, type, ...(kind ? { kind } : {}), ...(format ? { format } : {}) }));
  }

  /** Records that the user copied a credential (plain: ids, kind and time only). */
  async recordCopy(credentialId: string): Promise<void> {
    const credential = await this.db.credentials.get(credentialId);
    if (!credential) return;
    await this.db.events.add({
      at: this.now(),
      type: 'copied',
      appId: credential.appId,
      credentialId,
      kind: credential.kind,
    });
  }

  /** The vault's current key-derivation cost, for Settings. */
  async kdfInfo(): Promise<KdfInfo> {
    await this.requireUnlocked();
    const { memoryKiB, iterations, parallelism } = checkKdf((await this.record()).kdf);
    const info: KdfInfo = { memoryKiB, iterations, parallelism };
    const preset = (Object.keys(this.presets) as KdfPreset[]).find((id) => {
      const p = this.presets[id];
      return p.memoryKiB === memoryKiB && p.iterations === iterations && p.parallelism === parallelism;
    });
    if (preset) info.preset = preset;
    return info;
  }

  /**
   * Adds a credential the user pasted. The value must have its kind's format; a value
   * already saved for that App is not saved twice.
   */
  addCredential(input: ManualCredential): Promise<{ added: boolean }> {
    return this.serial(async () => {
      await this.requireUnlocked();
      const value = input.value.trim();
      if (!matchesFormat(input.kind, value)) {
        throw new VaultError('bad-format', formatProblem(input.kind));
      }
      const at = input.createdAt ?? this.now();
      if (at > this.now()) throw new VaultError('bad-date', 'The creation date cannot be in the future.');
      const capture: Capture = { host: 'developer.x.com', at, credentials: [{ kind: input.kind, value }] };
      if (input.appId) {
        const found = await this.appWithDetails(input.appId);
        if (!found) throw new VaultError('not-found', 'That App is no longer in the vault.');
        Object.assign(capture, { host: found.record.host, vaultAppId: found.record.id });
      } else {
        const appName = input.appName?.trim();
        if (!appName) throw new VaultError('no-app', 'Name the App these credentials belong to.');
        capture.appName = appName;
        if (input.projectName?.trim()) capture.projectName = input.projectName.trim();
      }
      return { added: (await this.file([capture], [])) > 0 };
    });
  }

  /** Deletes one credential version; "Undo" can put it back until the trash is emptied. */
  deleteCredential(credentialId: string): Promise<{ undoId: string }> {
    return this.serial(async () => {
      await this.requireUnlocked();
      const credential = await this.db.credentials.get(credentialId);
      if (!credential) throw new VaultError('not-found', 'That credential is no longer in the vault.');
      return this.moveToTrash([], [credential]);
    });
  }

  /** Deletes an App with every version of its credentials and its history. */
  deleteApp(appId: string): Promise<{ undoId: string }> {
    return this.serial(async () => {
      await this.requireUnlocked();
      const app = await this.db.apps.get(appId);
      if (!app) throw new VaultError('not-found', 'That App is no longer in the vault.');
      return this.moveToTrash([app], await this.db.credentials.where('appId').equals(appId).toArray());
    });
  }

  private async moveToTrash(apps: AppRecord[], credentials: CredentialRecord[]): Promise<{ undoId: string }> {
    const entry: TrashRecord = { id: crypto.randomUUID(), deletedAt: this.now(), apps, credentials, events: [] };
    const { trash, events } = this.db;
    await this.db.transaction('rw', [this.db.apps, this.db.credentials, events, trash], async () => {
      const credentialIds = credentials.map((c) => c.id);
      const appIds = apps.map((a) => a.id);
      entry.events = await events
        .filter((e) => (e.credentialId ? credentialIds.includes(e.credentialId) : appIds.includes(e.appId ?? '')))
        .toArray();
      await events.bulkDelete(entry.events.map((e) => e.id as number));
      await this.db.credentials.bulkDelete(credentialIds);
      await this.db.apps.bulkDelete(appIds);
      await trash.add(entry);
    });
    return { undoId: entry.id };
  }

  /** Puts deleted records back exactly as they were stored. */
  undoDelete(undoId: string): Promise<void> {
    return this.serial(async () => {
      await this.requireUnlocked();
      await this.db.transaction('rw', [this.db.apps, this.db.credentials, this.db.events, this.db.trash], async () => {
        const entry = await this.db.trash.get(undoId);
        if (!entry) throw new VaultError('not-found', 'Too late to undo: the deletion is final.');
        for (const c of entry.credentials) {
          if (!entry.apps.some((a) => a.id === c.appId) && !(await this.db.apps.get(c.appId))) {
            throw new VaultError('not-found', "Undo the deletion of this credential's App first.");
          }
        }
        await this.db.apps.bulkPut(entry.apps);
        await this.db.credentials.bulkPut(entry.credentials);
        await this.db.events.bulkPut(entry.events);
        await this.db.trash.delete(undoId);
      });
    });
  }

  /** Makes deletions final: all of them, or those older than `olderThanMs`. */
  async emptyTrash(olderThanMs = 0): Promise<void> {
    const expired = this.db.trash.where('deletedAt').belowOrEqual(this.now() - olderThanMs);
    // Only write when there is something to delete: every write tells open pages to refresh.
    if (await expired.count()) await expired.delete();
  }

  /** Active credentials past their due date: plain fields only, so reminders work while locked. */
  async overdueCredentials(): Promise<{ id: string; appId: string; kind: string; dueAt: number }[]> {
    const due = await this.db.credentials
      .where('dueAt')
      .belowOrEqual(this.now())
      .filter((c) => c.status === 'active')
      .toArray();
    return due.map(({ id, appId, kind, dueAt }) => ({ id, appId, kind, dueAt }));
  }

  /**
   * The whole vault as an encrypted backup file (format and checks: utils/vault/backup.ts):
   * every record as stored, with an HMAC under a key derived from the vault key. It opens
   * with this vault's passphrase on any machine. Reads only; the trash is left out.
   */
  async backup(): Promise<string> {
    const keys = await this.requireUnlocked();
    const { vault, apps, credentials, events, inbox, settings } = this.db;
    const records = await this.db.transaction('r', [vault, apps, credentials, events, inbox, settings], async () => {
      // All six reads asked for at once, not one after another.
      const [record, appRows, credentialRows, eventRows, inboxRows, settingRows] = await Promise.all([
        this.record(),
        apps.toArray(),
        credentials.toArray(),
        events.toArray(),
        inbox.toArray(),
        settings.toArray(),
      ]);
      return {
        vault: record,
        apps: appRows,
        credentials: credentialRows,
        events: eventRows,
        inbox: inboxRows,
        settings: settingRows,
      };
    });
    const raw = fromBase64(keys.vaultKeyBase64);
    try {
      return await writeBackup(records, raw, this.now());
    } finally {
      wipe(raw);
    }
  }

  /**
   * Restores a backup where there is no vault yet (a new profile or machine): everything
   * is checked first, then every record is written as it is in the file, in one
   * transaction, and the vault is unlocked, as after unlock. The file's passphrase becomes
   * the vault's. Wrong passphrases do not count towards the unlock throttle (backup.ts).
   */
  restore(text: string, passphrase: string): Promise<{ apps: number; credentials: number }> {
    return this.serial(async () => {
      if (await this.db.vault.count()) throw vaultExists();
      // Checked and written together: the transaction commits only once every check has passed.
      const opened = await restoreBackup(this.db, text, passphrase);
      try {
        await this.startSession(opened.keys);
      } finally {
        wipe(opened.vaultKeyRaw);
      }
      // Captures made before any vault existed, then the file's sealed ones, as create and unlock do.
      const pending = await this.session.getPending();
      if (pending.length) {
        await this.file(pending, []);
        await this.session.setPending([]);
      }
      await this.fileInbox();
      return { apps: opened.records.apps.length, credentials: opened.records.credentials.length };
    });
  }

  /**
   * Merges a backup (opened with its own passphrase) into this unlocked vault: its records
   * are decrypted and re-encrypted under this vault's key (rules: planMerge in backup.ts),
   * and written in one transaction after all crypto is done. Its sealed captures are then
   * filed, as at unlock. `added` counts new credential versions, `skipped` values already here.
   */
  mergeBackup(text: string, filePassphrase: string): Promise<{ added: number; skipped: number }> {
    return this.serial(async () => {
      const keys = await this.requireUnlocked();
      // This vault's side is read while the file's Argon2id runs (reads only; nothing else
      // runs in between: serial). Awaited, and so reported, only once the file has opened.
      const reading = Promise.all([
        this.settings(),
        this.appsWithDetails(),
        this.db.credentials.toArray(),
        this.db.events.toArray(),
      ]);
      reading.catch(() => undefined);
      const opened = await openBackup(text, filePassphrase, 'merged');
      wipe(opened.vaultKeyRaw);
      const [settings, apps, credentials, events] = await reading;
      const plan = await planMerge(opened, {
        vaultKey: keys.vaultKey,
        publicKey: keys.publicKey,
        apps,
        credentials,
        events,
        rotationDays: (kind) => rotationDaysFor(settings, kind),
        now: this.now(),
        open: (c, field) => this.openField(keys, c[field], credentialBinding(c, field), 'A credential'),
      });
      await commitMerge(this.db, plan);
      const filed = plan.captures.length
        ? await this.file(
            plan.captures,
            plan.inbox.map((item) => item.id),
          )
        : 0;
      return { added: plan.added + filed, skipped: plan.skipped };
    });
  }

  /** One credential's value, for the popup to copy or reveal. */
  async value(credentialId: string): Promise<string> {
    const keys = await this.requireUnlocked();
    const credential = await this.db.credentials.get(credentialId);
    if (!credential) throw new VaultError('not-found', 'That credential is no longer in the vault.');
    return this.openValue(keys, credential);
  }
}
