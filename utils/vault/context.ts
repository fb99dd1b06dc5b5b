import type { VaultDb } from './db';
import type { UnlockedKeys } from './types';

/** What the vault's modules work on: the database and the clock (injected, so tests set the time). */
export interface VaultContext {
  db: VaultDb;
  now: () => number;
}

/** The same while the vault is unlocked, with its keys. */
export interface UnlockedContext extends VaultContext {
  keys: UnlockedKeys;
}
