/**
 * The backup file's name and version, and the largest file OnceKey reads. Constants only:
 * the protocol's schema and the popup's file form use the limit without loading the
 * backup code.
 */
export const BACKUP_FORMAT = 'oncekey-backup';
export const BACKUP_VERSION = 1;

/** The largest backup file OnceKey reads: far above any real vault (1,000 credentials ≈ 0.6 MB). */
export const MAX_BACKUP_CHARS = 50 * 1024 * 1024;
