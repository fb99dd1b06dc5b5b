import { encrypt } from '../crypto/aead';
import { utf8 } from '../crypto/bytes';
import { readerBinding } from './bindings';
import type { UnlockedContext } from './context';
import type { EventRecord } from './db';
import { addEvent } from './event-pages';
import { openField } from './keyring';
import type { ReadBy, UnlockedKeys } from './types';

/**
 * Reads by the command line (`oncekey run`, `env`, `read`): one 'read' event per approved
 * read, in the App's history. What read it (the command line and its directory) is the
 * user's own text, which may hold anything, so it is encrypted like a name: bound to the
 * App and the time. Kinds stay inside it too: one event says the whole read.
 */

/** Records an approved read of an App's current values. */
export async function recordRead(context: UnlockedContext, appId: string, by: ReadBy): Promise<void> {
  const at = context.now();
  const reader = await encrypt(context.keys.vaultKey, utf8(JSON.stringify(by)), readerBinding({ appId, at }));
  await addEvent(context.db, { at, type: 'read', appId, reader });
}

/** An event's reader, decrypted: JSON text (ReadBy). */
export function openReader(keys: UnlockedKeys, event: EventRecord & { appId: string; reader: Uint8Array }) {
  return openField(keys, event.reader, readerBinding(event), 'A read in the history');
}

/** The reader as its event stores it, encrypted for another App id or vault (a merge). */
export async function sealReader(keys: UnlockedKeys, text: string, event: { appId: string; at: number }) {
  return encrypt(keys.vaultKey, utf8(text), readerBinding(event));
}
