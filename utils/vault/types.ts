import type { PermissionReading } from '../doctor/permissions';
/**
 * The vault's data as the rest of OnceKey sees it: what captures, settings, summaries and
 * events look like on the way in and out of the vault service. Types only, so that the
 * protocol and the popup's components can name them without loading the service.
 */

import type { KdfPreset } from '../crypto/kdf-presets';
import type { ExportState } from '../export/stale';
import type { Kind } from '../kinds';
import type { CredentialRecord, EventRecord } from './db';

export type { ExportState };

export interface CapturedCredential {
  kind: string;
  value: string;
  handle?: string;
  permission?: string;
}

/** What a content script submits: the values on display and the App they belong to. */
export interface Capture {
  host: string;
  projectId?: string;
  projectName?: string;
  appId?: string;
  appName?: string;
  /** When the portal showed the values (ms since epoch). */
  at: number;
  credentials: CapturedCredential[];
  /** A credential the user added by hand to this vault App (never from a content script). */
  vaultAppId?: string;
}

/** What the background times itself, unless OnceKey's own page back-dates it (`at`). */
export type Stampable<T> = Omit<T, 'at'> & { at?: number };

export interface Settings {
  autoLockSeconds: number;
  clipboardClearSeconds: number;
  rotationDays: number;
  /** Rotation periods that differ from `rotationDays`, by kind. */
  rotationDaysByKind: Partial<Record<Kind, number>>;
}

/** A change to the settings; a kind's rotation period set to null follows `rotationDays` again. */
export type SettingsChange = Partial<Omit<Settings, 'rotationDaysByKind'>> & {
  rotationDaysByKind?: Partial<Record<Kind, number | null>>;
};

/** A credential the user pastes in: into an App of the vault, or a new App by name. */
export interface ManualCredential {
  appId?: string;
  appName?: string;
  projectName?: string;
  kind: Kind;
  value: string;
  /** When the portal created it, if the user knows; now otherwise. */
  createdAt?: number;
}

/** What read an App's values through the command line: as `oncekey` described it, and what it read. */
export interface ReadBy {
  /** The command line that received the values (for `env` and `read`, oncekey's own). */
  argv: string[];
  /** Its working directory, "~/…" under the home directory. */
  cwd: string;
  purpose: 'run' | 'env' | 'read';
  kinds: string[];
}

/** One line of an App's activity. */
export interface AppEvent {
  at: number;
  type: EventRecord['type'];
  kind?: string;
  /** The version it is about, where it names one ("made API Key v1 current again"). */
  version?: number;
  format?: string;
  /** For 'read'. */
  by?: ReadBy;
}

/**
 * What a backup file says of itself before its passphrase is given (backup.inspect): how
 * many Apps and credentials it holds and when it was made. Unproven until the passphrase
 * opens it and its MAC holds; a restore or merge checks everything again.
 */
export interface BackupSummary {
  apps: number;
  credentials: number;
  /** The file's own date (ISO 8601, UTC). */
  createdAt: string;
}

/** The vault's key-derivation cost, and the preset it matches, if any. */
export interface KdfInfo {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  preset?: KdfPreset;
}

export interface CredentialSummary {
  id: string;
  kind: string;
  version: number;
  status: CredentialRecord['status'];
  createdAt: number;
  capturedAt: number;
  supersededAt?: number;
  /** None for the Client ID, which never rotates. */
  dueAt?: number;
  /** The user's own "rotate by" date, which `dueAt` then follows. */
  rotateBy?: number;
  /** A regeneration it depends on took effect then: it may no longer work (utils/doctor/dependents.ts). */
  possiblyStaleSince?: number;
  handle?: string;
  permission?: string;
}

export interface AppSummary {
  id: string;
  host: string;
  projectId?: string;
  projectName?: string;
  portalAppId?: string;
  appName?: string;
  notes?: string;
  exportPreset?: string;
  exportPrefix?: string;
  /** The last export in each format, and whether it is stale. */
  exports: ExportState[];
  credentials: CredentialSummary[];
  /** Regenerations confirmed on the portal whose new values were never seen (oldest first). */
  regenerations?: PendingRegeneration[];
  /** The App's permission as read on the portal, oldest first (app-permissions.ts). */
  permissions?: PermissionReading[];
  /** The portal caused so much activity for this App that later lines were not recorded (limits.ts). */
  activityFull?: boolean;
}

export interface PendingRegeneration {
  startedAt: number;
  kinds: string[];
}

/**
 * Where a submitted capture went: filed into the vault (unlocked), sealed into the inbox
 * until the next unlock (locked), or held in memory-only session storage until a vault is
 * created (no vault yet).
 */
export type CaptureOutcome = { saved: 'filed' | 'sealed' | 'pending' };

/**
 * What the portal's content script reports about a pair of an App, without any value: a
 * regeneration confirmed, new values shown, or the panel asking what saving would replace.
 */
export interface PortalSignal {
  host: string;
  appId?: string;
  kinds: string[];
}

/** What saving values of some kinds for a portal App would replace: plain dates only. */
export interface Preview {
  /** Whether the vault has an App with that portal id. */
  known: boolean;
  /** The App's current versions of those kinds, with when each was created. */
  replaces: { kind: string; savedAt: number }[];
}

export interface VaultStatus {
  exists: boolean;
  locked: boolean;
  /**
   * For OnceKey's own pages, while unlocked: captures saved while locked that could not be
   * opened (the inbox keeps them; the popup says so). Absent when there are none.
   */
  unopened?: number;
  /** In the reply to an unlock: the stored public key did not match and was repaired. */
  keyRepaired?: boolean;
}

export interface UnlockedKeys {
  vaultKeyBase64: string;
  vaultKey: CryptoKey;
  privateKey: CryptoKey;
  publicKey: Uint8Array<ArrayBuffer>;
}

export interface AppDetails {
  projectName?: string;
  appName?: string;
  notes?: string;
  /** The variable names the user last exported this App with (utils/export/presets.ts). */
  exportPreset?: string;
  exportPrefix?: string;
}

export interface CredentialDetails {
  handle?: string;
  permission?: string;
}
