/**
 * The bounds on what a portal page can make OnceKey store without the user's passphrase
 * (docs/security.md, "Limits"). Each is far above what an honest user reaches, and keeps
 * storage far below the browser's quotas: with the per-tab rate limit (utils/protocol/
 * rate-limit.ts) a compromised page cannot fill storage so that a real capture later fails.
 */

/** How long after a confirmed regeneration the new values can be "seen" for it. */
export const SEEN_WINDOW_MS = 15 * 60 * 1000;

/**
 * Captures held in memory-only session storage before any vault exists (at most ~10 KB
 * each: 16 values of 512 characters; storage.session holds 10 MB). A tab may hold a part
 * of them only, so one tab cannot take the room another tab's real capture needs.
 */
export const MAX_PENDING = 100;
export const MAX_PENDING_PER_TAB = 20;

/** Sealed captures waiting for the next unlock (~1–12 KB each on disk), in all and per tab. */
export const MAX_INBOX = 2000;
export const MAX_INBOX_PER_TAB = 200;

/** Regenerations waiting for their new values: per App, and in all (a page names any App id). */
export const MAX_PENDING_REGENERATIONS_PER_APP = 20;
export const MAX_PENDING_REGENERATIONS = 500;
/** Resolved regenerations kept (their effect is in the credentials and events): the newest. */
export const MAX_RESOLVED_REGENERATIONS = 1000;

/**
 * Activity lines a portal page causes for one App (saved, regenerated, superseded). Past
 * this, values are still filed as versions (nothing captured is refused for it), without
 * an activity line; History says so.
 */
export const MAX_PAGE_EVENTS_PER_APP = 1000;
export const PAGE_EVENT_TYPES = ['captured', 'regenerated', 'superseded'] as const;

/** How far ahead of the background's clock a stored or restored time may be (clock skew). */
export const FUTURE_SLACK_MS = 5 * 60 * 1000;

/**
 * The settings' ranges, as Settings offers them: the protocol refuses values outside them
 * and stored ones are clamped to them when read (settings.ts), so a tampered profile
 * cannot make the clipboard keep a value forever or auto-lock never (or always) happen.
 */
export const SETTING_RANGES = {
  autoLockSeconds: { min: 60, max: 4 * 3600 },
  /** 0 means never; otherwise between these. */
  clipboardClearSeconds: { min: 10, max: 120 },
  rotationDays: { min: 1, max: 3650 },
} as const;
