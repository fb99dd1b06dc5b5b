/**
 * Backups of the vault: what the vault service uses, and the names tests reach. The
 * file format is described in format.ts.
 */
export { sealBackup } from './envelope';
export { type BackupVerb, vaultExists } from './errors';
export { BACKUP_FORMAT, BACKUP_VERSION, MAX_BACKUP_CHARS } from './format';
export { commitMerge, type MergePlan, type MergeTarget, planMerge } from './merge';
export { mergeIntoVault } from './merge-vault';
export type { OpenedBackup } from './open';
export { ReadFiles } from './read-files';
export { restoreBackup, restoreRecords } from './restore';
export { type BackupRecords, type BackupSchemasMatchRecords, type ReadBackup, readBackup } from './schema';
export { backupVault, writeBackup } from './write';
