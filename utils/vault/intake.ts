import { fromBase64 } from '../crypto/base64';
import { utf8 } from '../crypto/bytes';
import { VaultError } from '../crypto/errors';
import { seal } from '../crypto/seal';
import { inboxBinding } from './bindings';
import { wrongFormat, wrongFormatProblem } from './capture-schema';
import type { VaultContext } from './context';
import type { VaultRecord } from './db';
import { FUTURE_SLACK_MS, MAX_INBOX, MAX_INBOX_PER_TAB, MAX_PENDING, MAX_PENDING_PER_TAB } from './limits';
import type { SessionStore, TabCounts } from './session';
import type { Capture } from './types';

/**
 * The way in for captures that are not filed at once: checks every capture whatever its
 * sender, and holds the ones made before a vault exists (memory) or while it is locked
 * (sealed, in the inbox), within the limits of limits.ts, counted per tab so that one tab
 * cannot take the room another tab's real capture needs.
 */

/** Refuses a capture whole: a value without its kind's format, or a time in the future. */
export function checkCapture(capture: Capture, now: number): void {
  const kind = wrongFormat(capture.credentials);
  if (kind !== undefined) throw new VaultError('bad-format', wrongFormatProblem(kind));
  if (capture.at > now + FUTURE_SLACK_MS) throw new VaultError('bad-date', 'A capture cannot be dated in the future.');
}

type Held = keyof TabCounts[string];

/** Counts one more capture held for this tab, or refuses it if the tab has its share already. */
async function countForTab(session: SessionStore, tabId: number | undefined, held: Held, message: string) {
  if (tabId === undefined) return;
  const counts = await session.getTabCounts();
  const mine = counts[tabId] ?? { pending: 0, inbox: 0 };
  if (mine[held] >= (held === 'pending' ? MAX_PENDING_PER_TAB : MAX_INBOX_PER_TAB)) {
    throw new VaultError('full', message);
  }
  await session.setTabCounts({ ...counts, [tabId]: { ...mine, [held]: mine[held] + 1 } });
}

/** The pending list or the inbox was emptied: every tab's share of it is free again. */
export async function forgetTabCounts(session: SessionStore, held: Held): Promise<void> {
  const counts = await session.getTabCounts();
  const left: TabCounts = {};
  for (const [tab, mine] of Object.entries(counts)) {
    const rest = { ...mine, [held]: 0 };
    if (rest.pending || rest.inbox) left[tab] = rest;
  }
  await session.setTabCounts(left);
}

/** No vault yet: the capture waits in memory-only session storage until one is created. */
export async function holdPending(session: SessionStore, capture: Capture, tabId?: number): Promise<void> {
  const pending = await session.getPending();
  const create = 'create your vault in the OnceKey tab to keep them, then save again';
  if (pending.length >= MAX_PENDING) {
    throw new VaultError('full', `OnceKey is already holding ${MAX_PENDING} captures for a vault: ${create}.`);
  }
  await countForTab(
    session,
    tabId,
    'pending',
    `This tab has already given OnceKey ${MAX_PENDING_PER_TAB} captures to hold: ${create}.`,
  );
  await session.setPending([...pending, capture]);
}

/**
 * Locked: the capture is sealed into the inbox, to the public key checked at the last
 * unlock when there was one in this browser session (a tampered profile may have swapped
 * the stored copy), else to the stored one.
 */
export async function sealToInbox(
  { db, now }: VaultContext,
  session: SessionStore,
  record: VaultRecord,
  capture: Capture,
  tabId?: number,
): Promise<void> {
  const unlock = 'unlock OnceKey to file them, then save again';
  if ((await db.inbox.count()) >= MAX_INBOX) {
    throw new VaultError('full', `OnceKey already holds ${MAX_INBOX} captures saved while locked: ${unlock}.`);
  }
  await countForTab(
    session,
    tabId,
    'inbox',
    `This tab has already saved ${MAX_INBOX_PER_TAB} captures while OnceKey was locked: ${unlock}.`,
  );
  const checked = await session.getCheckedPublicKey();
  const publicKey = checked ? fromBase64(checked) : record.publicKey;
  const id = crypto.randomUUID();
  const receivedAt = now();
  const sealed = await seal(publicKey, utf8(JSON.stringify(capture)), inboxBinding(id, receivedAt));
  await db.inbox.add({ id, receivedAt, sealed });
}
