// The vault most end-to-end tests start from, made here in Node with OnceKey's own code.
//
// Creating a vault in the popup derives its key with the real Argon2id (64 MiB, 3 passes):
// 1–3 s of a test on a busy machine, for a step only a few tests are about (creating and
// unlocking, nothing on disk in plain bytes, the demo, the key-derivation settings, the
// backup story, a capture made before any vault). Every other test restores this file
// instead, through the popup's own `backup.restore` message (which validates it like any
// backup): an empty vault whose Argon2id costs 8 KiB and one pass, the least a backup may ask
// for (KDF_LIMITS), so its restore and every unlock in the test take milliseconds.
import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { KDF_LIMITS } from '../../utils/crypto/kdf';
import { createDb } from '../../utils/vault/db';
import { memorySessionStore } from '../../utils/vault/session';
import { Vault } from '../../utils/vault/vault';
import { TEST_PASSPHRASE } from '../fixtures/passphrases.js';

/** The least Argon2id cost a backup file may ask for. */
const CHEAPEST_KDF = {
  memoryKiB: KDF_LIMITS.memoryKiB[0],
  iterations: KDF_LIMITS.iterations[0],
  parallelism: KDF_LIMITS.parallelism[0],
};

/** An encrypted backup of a new, empty vault with the test passphrase and the cheapest Argon2id. */
export async function emptyVaultFile(): Promise<string> {
  // Node has no IndexedDB: the vault is made in fake-indexeddb's, then only its file is kept.
  Dexie.dependencies.indexedDB = indexedDB;
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  const db = createDb(`e2e-start-${crypto.randomUUID()}`);
  try {
    const vault = new Vault({ db, session: memorySessionStore(), kdf: CHEAPEST_KDF });
    await vault.create(TEST_PASSPHRASE);
    return await vault.backup();
  } finally {
    db.close();
  }
}
