import { describe, expect, it, vi } from 'vitest';
import { DAY_MS } from '@/utils/vault/db';
import type { ListCache } from '@/utils/vault/list-cache';
import { readStoredHead, STORED_LIST_MARGIN_MS, storageSessionStore } from '@/utils/vault/session';
import { STORED_HEAD_APPS } from '@/utils/vault/session-checks';
import { Vault } from '@/utils/vault/vault';
import { deferred } from './helpers/deferred';
import {
  API_KEY,
  API_KEY_2,
  API_KEY_SECRET,
  capture,
  makeVault,
  PASSPHRASE,
  TEST_KDF,
  TEST_PRESETS,
} from './helpers/vault';

/** The background's kept list: whether it holds anything (names must not outlive the session). */
const cacheOf = (vault: Vault) => (vault as unknown as { listCache: ListCache }).listCache;

/** Once the list a vault kept has gone to the store (it is stored after the reply, by a timer). */
async function storedBy(vault: Vault) {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await cacheOf(vault).settled();
}

async function unlockedVault() {
  const made = makeVault();
  await made.vault.create(PASSPHRASE);
  await made.vault.submitCapture(capture());
  return made;
}

describe('the list kept in memory while unlocked', () => {
  it('answers a second list without reading the credentials again, as a copy', async () => {
    const { vault, db } = await unlockedVault();
    const first = await vault.list();
    const reads = vi.spyOn(db.credentialSets, 'toArray');
    const second = await vault.list();
    expect(reads).not.toHaveBeenCalled();
    expect(second).toEqual(first);
    // A caller changing what it got does not change what the next caller gets.
    const [app] = second;
    if (!app) throw new Error('no app');
    app.appName = 'changed by a caller';
    app.credentials.length = 0;
    expect(await vault.list()).toEqual(first);
  });

  it('keeps the list through a copy and a command-line read, which it does not show', async () => {
    const { vault, db } = await unlockedVault();
    const [app] = await vault.list();
    const key = app?.credentials[0];
    if (!app || !key) throw new Error('no app');
    const reads = vi.spyOn(db.credentialSets, 'toArray');
    await vault.recordCopy(key.id);
    await vault.recordRead(app.id, { argv: ['node', 'bot.js'], cwd: '~/pipit', purpose: 'run', kinds: ['apiKey'] });
    const kept = await vault.list();
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    // What a list read afresh gives: the same.
    cacheOf(vault).drop();
    expect(await vault.list()).toEqual(kept);
    expect((await vault.appEvents(app.id)).filter((e) => e.type === 'copied' || e.type === 'read')).toHaveLength(2);
  });

  it('gives the first Apps alone when asked, in the same order as the whole list', async () => {
    const { vault } = await unlockedVault();
    await vault.submitCapture(capture({ appId: '28123457', appName: 'snow-alerts', at: Date.UTC(2026, 10, 21) }));
    await vault.submitCapture(capture({ appId: '28123458', appName: 'hail-alerts', at: Date.UTC(2026, 10, 22) }));
    const all = await vault.list();
    expect(all.map((a) => a.appName)).toEqual(['hail-alerts', 'snow-alerts', 'rain-alerts']);
    expect(await vault.list(2)).toEqual(all.slice(0, 2));
    expect(await vault.list(5)).toEqual(all);
  });

  it('after a write, decrypts only the fields the write changed', async () => {
    const { vault } = await unlockedVault();
    await vault.submitCapture(capture({ appId: '28123457', appName: 'snow-alerts' }));
    await vault.submitCapture(capture({ appId: '28123458', appName: 'hail-alerts' }));
    const [app] = await vault.list();
    if (!app) throw new Error('no app');
    await vault.updateApp(app.id, { notes: 'the one that changed' });
    const decrypt = vi.spyOn(crypto.subtle, 'decrypt');
    const apps = await vault.list();
    // One App's details were re-encrypted: the other two Apps and six credentials were not.
    expect(decrypt).toHaveBeenCalledTimes(1);
    decrypt.mockRestore();
    expect(apps.find((a) => a.id === app.id)?.notes).toBe('the one that changed');
    expect(apps.map((a) => a.appName).sort()).toEqual(['hail-alerts', 'rain-alerts', 'snow-alerts']);
  });

  it('shows every kind of write at the next list', async () => {
    const { vault } = await unlockedVault();
    const appOf = async () => {
      const [app] = await vault.list();
      if (!app) throw new Error('no app');
      return app;
    };
    const app = await appOf();
    const key = app.credentials.find((c) => c.kind === 'apiKey');
    if (!key) throw new Error('no key');

    await vault.updateApp(app.id, { appName: 'renamed', notes: 'staging' });
    expect(await appOf()).toMatchObject({ appName: 'renamed', notes: 'staging' });

    const later = capture().at + DAY_MS;
    await vault.submitCapture(capture({ at: later, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    expect((await appOf()).credentials.filter((c) => c.kind === 'apiKey').map((c) => c.version)).toEqual([2, 1]);

    await vault.makeCurrent(key.id);
    expect((await appOf()).credentials.find((c) => c.id === key.id)?.status).toBe('active');

    await vault.markRetired(key.id, 'revoked');
    expect((await appOf()).credentials.find((c) => c.id === key.id)?.status).toBe('revoked');

    const due = (await appOf()).credentials[0]?.dueAt;
    await vault.updateSettings({ rotationDays: 7 });
    expect((await appOf()).credentials[0]?.dueAt).not.toBe(due);

    await vault.startRegeneration({ host: 'developer.x.com', appId: capture().appId, kinds: ['bearerToken'] });
    expect((await appOf()).regenerations).toHaveLength(1);

    await vault.recordExport(app.id, [key.id], 'env', { preset: 'x' });
    expect((await appOf()).exports.map((e) => e.format)).toEqual(['env']);

    const { undoId } = await vault.deleteApp(app.id);
    expect(await vault.list()).toEqual([]);
    await vault.undoDelete(undoId);
    expect((await appOf()).appName).toBe('renamed');
  });

  it('does not keep a list read while a write ran', async () => {
    const { vault, db, session } = await unlockedVault();
    const [app] = await vault.list();
    if (!app) throw new Error('no app');
    await vault.updateApp(app.id, { appName: 'first' });
    // The next list's reads are held until a rename has been written in full.
    const read = db.credentialSets.toArray.bind(db.credentialSets);
    const { promise: reading, resolve: inRead } = deferred();
    const { promise: held, resolve: release } = deferred();
    // Dexie's toArray returns its own promise type; a plain one serves the vault's await.
    vi.spyOn(db.credentialSets, 'toArray').mockImplementationOnce((async () => {
      const rows = await read();
      inRead();
      await held;
      return rows;
    }) as unknown as typeof db.credentialSets.toArray);
    const during = vault.list();
    await reading;
    await vault.updateApp(app.id, { appName: 'second' });
    release();
    expect((await during)[0]?.appName).toBe('first');
    // That read started before the rename: it was answered, not kept, nor stored.
    await storedBy(vault);
    expect(await session.getList()).toBeUndefined();
    expect((await vault.list())[0]?.appName).toBe('second');
  });

  it('is dropped at lock, and at auto-lock', async () => {
    const { vault, clock } = await unlockedVault();
    await vault.list();
    expect(cacheOf(vault).holds).toBe(true);
    await vault.lock();
    expect(cacheOf(vault).holds).toBe(false);
    await expect(vault.list()).rejects.toMatchObject({ code: 'locked' });

    await vault.unlock(PASSPHRASE);
    await vault.list();
    expect(cacheOf(vault).holds).toBe(true);
    const { autoLockSeconds } = await vault.settings();
    clock.now += autoLockSeconds * 1000;
    await expect(vault.list()).rejects.toMatchObject({ code: 'locked' });
    expect(cacheOf(vault).holds).toBe(false);
  });

  it('keeps nothing of a list that was being read when the vault locked', async () => {
    const { vault } = await unlockedVault();
    const reading = vault.list();
    await vault.lock();
    await reading.catch(() => []);
    expect(cacheOf(vault).holds).toBe(false);
  });

  it('is read again under the new keys after a re-key', async () => {
    const { vault } = await unlockedVault();
    const before = await vault.list();
    await vault.rekey(PASSPHRASE, `${PASSPHRASE} again`);
    expect(await vault.list()).toEqual(before);
  });
});

/**
 * Chromium stops an idle service worker after 30 s: a new Vault over the same database and
 * session storage is what the next popup meets.
 */
describe('the list stored for the next service worker', () => {
  async function withStoredList() {
    const made = await unlockedVault();
    // As storage.session does, a removal takes a while (a message to the browser) to be done.
    const clearList = made.session.clearList.bind(made.session);
    made.session.clearList = async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await clearList();
    };
    await made.vault.submitCapture(capture({ appId: '28123457', appName: 'snow-alerts' }));
    const listed = await made.vault.list();
    await storedBy(made.vault);
    const next = () => makeVault({ db: made.db, session: made.session, clock: made.clock }).vault;
    return { ...made, listed, next };
  }

  it('answers the next worker’s list without decrypting a name, and holds no value', async () => {
    const { session, listed, next } = await withStoredList();
    const stored = JSON.stringify(await session.getList());
    expect(stored).toContain('snow-alerts');
    for (const value of [API_KEY, API_KEY_SECRET]) expect(stored).not.toContain(value);
    const decrypt = vi.spyOn(crypto.subtle, 'decrypt');
    const worker = next();
    expect(await worker.list(1)).toEqual(listed.slice(0, 1));
    expect(await worker.list()).toEqual(listed);
    // One: the new worker importing its keys (the private key). No App's or credential's field.
    expect(decrypt).toHaveBeenCalledTimes(1);
    decrypt.mockRestore();
  });

  it('is gone before a write in the next worker starts, and that worker’s next list shows the write', async () => {
    const { db, session, listed, next } = await withStoredList();
    expect(await session.getList()).toBeDefined();
    const app = listed[0];
    if (!app) throw new Error('no app');
    const worker = next();
    // What a worker stopped as the rename is written would leave behind.
    let leftBehind: Promise<unknown> | undefined;
    const put = db.apps.put.bind(db.apps);
    const writes = vi.spyOn(db.apps, 'put').mockImplementation(((...args: Parameters<typeof db.apps.put>) => {
      leftBehind ??= session.getList();
      return put(...args);
    }) as typeof db.apps.put);
    await worker.updateApp(app.id, { appName: 'renamed' });
    expect(writes).toHaveBeenCalled();
    vi.restoreAllMocks();
    expect(await leftBehind).toBeUndefined();
    expect((await next().list()).find((a) => a.id === app.id)?.appName).toBe('renamed');
  });

  it('is cleared at lock, before the key, and at auto-lock', async () => {
    const { vault, session, clock, next } = await withStoredList();
    let listAtKeyClear: Promise<unknown> | undefined;
    const clear = session.clear.bind(session);
    vi.spyOn(session, 'clear').mockImplementation(() => {
      listAtKeyClear = session.getList();
      return clear();
    });
    await vault.lock();
    vi.restoreAllMocks();
    expect(listAtKeyClear).toBeDefined();
    expect(await listAtKeyClear).toBeUndefined();
    await expect(next().list()).rejects.toMatchObject({ code: 'locked' });

    await vault.unlock(PASSPHRASE);
    await vault.list();
    await storedBy(vault);
    expect(await session.getList()).toBeDefined();
    const { autoLockSeconds } = await vault.settings();
    clock.now += autoLockSeconds * 1000;
    // The next worker finds the session over.
    await expect(next().list()).rejects.toMatchObject({ code: 'locked' });
    expect(await session.getList()).toBeUndefined();
  });

  it('is removed when a new worker finds the stored key no longer opens the vault (locked)', async () => {
    const { vault, session, listed, next } = await withStoredList();
    const state = await session.get();
    if (!state) throw new Error('not unlocked');
    // The session's key is not the vault's any more (a profile changed on disk, say).
    await session.set({ ...state, vaultKey: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))) });
    await expect(next().appEvents(listed[0]?.id ?? '')).rejects.toMatchObject({ code: 'locked' });
    expect(await session.getList()).toBeUndefined();
    expect(await vault.status()).toEqual({ exists: true, locked: true });
  });

  it('is not stored while a write runs: a list read then is the one before it', async () => {
    const { vault, db, session, listed } = await withStoredList();
    const app = listed[0];
    if (!app) throw new Error('no app');
    const { promise: held, resolve: release } = deferred();
    const { promise: inWrite, resolve: writing } = deferred();
    const put = db.apps.put.bind(db.apps);
    vi.spyOn(db.apps, 'put').mockImplementationOnce((async (...args: Parameters<typeof db.apps.put>) => {
      writing();
      await held;
      return put(...args);
    }) as unknown as typeof db.apps.put);
    const renaming = vault.updateApp(app.id, { appName: 'renamed' });
    await inWrite;
    // Read while the rename is held, before it is written.
    expect((await vault.list()).find((a) => a.id === app.id)?.appName).toBe(app.appName);
    await storedBy(vault);
    // A worker stopped here must leave no list behind: it would be the one before the rename.
    expect(await session.getList()).toBeUndefined();
    release();
    await renaming;
    vi.restoreAllMocks();
  });

  it('is not taken any more in a worker whose removal of it failed', async () => {
    const { session, listed, next } = await withStoredList();
    const app = listed[0];
    if (!app) throw new Error('no app');
    session.clearList = async () => {
      throw new Error('the browser refused');
    };
    const worker = next();
    await worker.updateApp(app.id, { appName: 'renamed' });
    // The store still holds the list from before the rename, under the same key.
    expect((await session.getList())?.apps).toContain(app.appName);
    expect((await worker.list()).find((a) => a.id === app.id)?.appName).toBe('renamed');
  });

  it('is not taken under another vault key, nor when it is malformed: the list is read afresh', async () => {
    const { session, listed, next } = await withStoredList();
    const stored = await session.getList();
    if (!stored) throw new Error('nothing stored');
    const forged = JSON.stringify([{ ...listed[0], appName: 'forged' }]);
    // The head, which only the popup reads (storageSessionStore keeps it; this store does not).
    const head = { apps: '[]', count: 0, unlockedAt: stored.unlockedAt, autoLockSeconds: stored.autoLockSeconds };
    await session.setList({ ...stored, key: `${'A'.repeat(43)}=`, apps: forged }, head);
    expect(await next().list()).toEqual(listed);
    for (const apps of ['{"not": "a list"}', '[{"id": ', 42]) {
      await session.setList({ ...stored, apps } as typeof stored, head);
      expect(await next().list()).toEqual(listed);
    }
    // What decides is the key and the session (storage.session is memory only, and only
    // OnceKey's own pages and worker reach it; a profile on disk holds none of it): the same
    // list under this key, in this session, is taken.
    await session.setList({ ...stored, apps: forged }, head);
    expect((await next().list())[0]?.appName).toBe('forged');
  });
});

describe('the list read again after a write, for the next popup', () => {
  /** A vault as the background makes it: the list is read again 20 ms after the last write. */
  async function refreshingVault() {
    const made = makeVault();
    const vault = new Vault({
      db: made.db,
      session: made.session,
      now: () => made.clock.now,
      kdf: TEST_KDF,
      presets: TEST_PRESETS,
      refreshListAfterMs: 20,
    });
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    const next = () => makeVault({ db: made.db, session: made.session, clock: made.clock }).vault;
    return { ...made, vault, next };
  }
  const refreshed = async (vault: Vault) => {
    await new Promise((resolve) => setTimeout(resolve, 60));
    await storedBy(vault);
  };

  it('has the written change kept and stored before the popup asks', async () => {
    const { vault, session, next } = await refreshingVault();
    const storedWith = (name: string) =>
      vi.waitFor(async () => expect((await session.getList())?.apps).toContain(name), { timeout: 5000 });
    await storedWith('rain-alerts');
    const [app] = await vault.list();
    if (!app) throw new Error('no app');
    await vault.updateApp(app.id, { appName: 'renamed' });
    // Nobody asked for the list since the rename: the background read it again by itself.
    await storedWith('renamed');
    await storedBy(vault);
    const decrypt = vi.spyOn(crypto.subtle, 'decrypt');
    // The same worker: a copy of what it kept.
    expect((await vault.list())[0]?.appName).toBe('renamed');
    expect(decrypt).not.toHaveBeenCalled();
    // The next worker: the stored list (one decryption: its keys).
    expect((await next().list())[0]?.appName).toBe('renamed');
    expect(decrypt).toHaveBeenCalledTimes(1);
    decrypt.mockRestore();
    expect(await session.getList()).toBeDefined();
  });

  it('reads nothing once the vault is locked', async () => {
    const { vault, db, session } = await refreshingVault();
    await vault.submitCapture(capture({ appId: '28123457', appName: 'snow-alerts' }));
    await vault.lock();
    const reads = vi.spyOn(db.apps, 'toArray');
    await refreshed(vault);
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    expect(cacheOf(vault).holds).toBe(false);
    expect(await session.getList()).toBeUndefined();
  });
});

/**
 * The popup reads the stored list's first Apps straight from storage.session when it opens,
 * so that it paints without waiting for a stopped service worker to start (session.ts:
 * readStoredHead).
 */
describe('the stored list’s head, as the popup reads it', () => {
  /** storage.session as the extension has it: one area, read by the background and the popup. */
  function sessionArea() {
    const items = new Map<string, unknown>();
    return {
      get: async (keys: string | string[]) =>
        Object.fromEntries(
          [keys]
            .flat()
            .filter((key) => items.has(key))
            .map((key) => [key, structuredClone(items.get(key))]),
        ),
      set: async (entries: Record<string, unknown>) => {
        for (const [key, value] of Object.entries(entries)) items.set(key, structuredClone(value));
      },
      remove: async (keys: string | string[]) => {
        for (const key of [keys].flat()) items.delete(key);
      },
    };
  }

  async function withStoredList(apps = 2) {
    const area = sessionArea();
    const made = makeVault({ session: storageSessionStore(area) });
    await made.vault.create(PASSPHRASE);
    for (let i = 0; i < apps; i++)
      await made.vault.submitCapture(capture({ appId: `2812345${i}`, appName: `app-${i}` }));
    const listed = await made.vault.list();
    await storedBy(made.vault);
    const read = (at = made.clock.now) => readStoredHead(area, at);
    return { ...made, area, listed, read };
  }

  /** What the popup should read of `listed`: its first Apps, and how many it has. */
  const headOf = (listed: unknown[]) => ({ apps: listed.slice(0, STORED_HEAD_APPS), count: listed.length });

  it('is the first Apps of the list the background answers, with their number, and holds no value', async () => {
    const { listed, read } = await withStoredList();
    expect(listed.map((a) => a.appName).sort()).toEqual(['app-0', 'app-1']);
    expect(await read()).toEqual(headOf(listed));
    for (const value of [API_KEY, API_KEY_SECRET]) expect(JSON.stringify(await read())).not.toContain(value);
  });

  it('of a list longer than a screenful, holds the first Apps only', async () => {
    const { listed, read } = await withStoredList(STORED_HEAD_APPS + 2);
    expect(listed).toHaveLength(STORED_HEAD_APPS + 2);
    expect(await read()).toEqual({ apps: listed.slice(0, STORED_HEAD_APPS), count: STORED_HEAD_APPS + 2 });
  });

  it('is none once the session is idle past the auto-lock timeout, as the background would lock it then', async () => {
    const { vault, clock, listed, read } = await withStoredList();
    const { autoLockSeconds } = await vault.settings();
    // A little before the background: the popup reads the clock first.
    const lockAt = clock.now + autoLockSeconds * 1000;
    expect(await read(lockAt - STORED_LIST_MARGIN_MS - 1)).toEqual(headOf(listed));
    expect(await read(lockAt - STORED_LIST_MARGIN_MS)).toBeUndefined();
    // The background locks at the timeout.
    clock.now = lockAt - 1;
    expect(await vault.status()).toMatchObject({ locked: false });
    clock.now = lockAt;
    expect(await vault.status()).toMatchObject({ locked: true });
  });

  it('follows a change of the timeout: a shorter one hides the list sooner', async () => {
    const { vault, clock, read } = await withStoredList();
    await vault.updateSettings({ autoLockSeconds: 60 });
    expect(await read()).toBeUndefined(); // cleared by the write
    const listed = await vault.list();
    await storedBy(vault);
    expect(await read(clock.now + 60_000 - STORED_LIST_MARGIN_MS - 1)).toEqual(headOf(listed));
    expect(await read(clock.now + 60_000 - STORED_LIST_MARGIN_MS)).toBeUndefined();
  });

  it('is none after lock, in another session, or when malformed', async () => {
    const { vault, area, read } = await withStoredList();
    const [activity, head] = [
      (await area.get('oncekey.activity'))['oncekey.activity'],
      (await area.get('oncekey.listHead'))['oncekey.listHead'],
    ];
    const stored = head as { unlockedAt: number; apps: string; autoLockSeconds: number; count: number };
    const put = (changes: Record<string, unknown>) => area.set({ 'oncekey.listHead': { ...stored, ...changes } });
    await put({ unlockedAt: stored.unlockedAt - 1 });
    expect(await read()).toBeUndefined();
    for (const apps of ['{"not": "a list"}', '[{"id": ', 42]) {
      await put({ apps });
      expect(await read()).toBeUndefined();
    }
    await put({ autoLockSeconds: '900' });
    expect(await read()).toBeUndefined();
    await put({ count: undefined });
    expect(await read()).toBeUndefined();
    await area.set({ 'oncekey.listHead': stored });
    expect(await read()).toBeDefined();
    await area.set({ 'oncekey.activity': { ...(activity as object), lastActivityAt: 'now' } });
    expect(await read()).toBeUndefined();
    await area.set({ 'oncekey.activity': activity });
    expect(await read()).toBeDefined();
    await vault.lock();
    expect(await read()).toBeUndefined();
    expect(await area.get(['oncekey.list', 'oncekey.listHead', 'oncekey.activity', 'oncekey.session'])).toEqual({});
  });

  it('reads the session’s times, never its key', async () => {
    const { area, listed } = await withStoredList();
    const asked: string[] = [];
    const spied = {
      get: async (keys: string[]) => {
        asked.push(...keys);
        return area.get(keys);
      },
    };
    const activity = (await area.get('oncekey.activity'))['oncekey.activity'] as { lastActivityAt: number };
    expect(await readStoredHead(spied, activity.lastActivityAt)).toEqual(headOf(listed));
    expect(asked).not.toContain('oncekey.session');
    expect(JSON.stringify(await area.get('oncekey.activity'))).not.toMatch(/vaultKey/);
  });

  it('left behind by a lock whose removal failed, is not taken after the next unlock, by the popup or a new worker', async () => {
    const { vault, db, session, clock, area, read } = await withStoredList();
    // The browser refuses every removal of the list: at the lock, and at the write after the unlock.
    const clearList = session.clearList;
    session.clearList = () => Promise.reject(new Error('the browser refused'));
    await vault.lock();
    clock.now += 5000;
    await vault.unlock(PASSPHRASE);
    await vault.submitCapture(capture({ appId: '28123458', appName: 'hail-alerts' }));
    session.clearList = clearList;
    const left = (await area.get('oncekey.listHead'))['oncekey.listHead'] as { apps: string };
    expect(left.apps).not.toContain('hail-alerts'); // still there, from before the lock
    expect(await read()).toBeUndefined();
    // A new worker over the same storage reads the list afresh, and stores it for this session.
    const worker = makeVault({ db, session, clock }).vault;
    expect((await worker.list()).map((a) => a.appName)).toContain('hail-alerts');
    await storedBy(worker);
    expect((await read())?.apps.map((a) => a.appName)).toContain('hail-alerts');
  });

  it('is gone after a re-key, and the list stored again is read under the new key', async () => {
    const { vault, read, listed } = await withStoredList();
    await vault.rekey(PASSPHRASE, `${PASSPHRASE} again`);
    expect(await read()).toBeUndefined();
    expect(await vault.list()).toEqual(listed);
    await storedBy(vault);
    expect(await read()).toEqual(headOf(listed));
  });
});
