import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { vaultHandlers } from '@/utils/background/handlers';
import { send } from '@/utils/protocol/client';
import {
  acceptFiles,
  NoAnswer,
  postToWorker,
  WORKER_PATIENCE_MS,
  type WorkerMessageEvent,
} from '@/utils/protocol/file-channel';
import type { Reply } from '@/utils/protocol/messages';
import { createRouter } from '@/utils/protocol/router';
import { API_KEY, capture, makeVault, PASSPHRASE } from './helpers/vault';

const RUNTIME_ID = 'oncekeyextensionidaaaaaaaaaaaaaa';
const BASE = `chrome-extension://${RUNTIME_ID}/`;
const POPUP = `${BASE}popup.html`;
/** A URL's origin as a browser gives it (Node's URL says "null" for chrome-extension: URLs). */
const originOf = (url: string) => `${new URL(url).protocol}//${new URL(url).host}`;
const ORIGIN = originOf(BASE);

/** A service worker's scope with OnceKey's file listener, and a way to post to it as a client would. */
function worker(made = makeVault()) {
  const handle = createRouter({ runtimeId: RUNTIME_ID, extensionBase: BASE, handlers: vaultHandlers(made.vault) });
  let listener: ((event: WorkerMessageEvent) => void) | undefined;
  acceptFiles(
    { addEventListener: (_type, l) => (listener = l) },
    { runtimeId: RUNTIME_ID, extensionBase: BASE, handle },
  );
  /** Posts `data` from a client at `url` (its origin taken from it) and resolves with the reply on the port. */
  const post = (data: unknown, url: string | null = POPUP, origin = url ? originOf(url) : 'null') => {
    const kept: Promise<unknown>[] = [];
    const reply = new Promise<Reply<unknown>>((resolve) => {
      listener?.({
        data,
        origin,
        source: url === null ? null : { url },
        ports: [{ postMessage: (r) => resolve(r as Reply<unknown>) }],
        waitUntil: (p) => kept.push(p),
      });
    });
    return { reply, kept };
  };
  return { ...made, post, listening: () => listener !== undefined };
}

async function backupText() {
  const source = makeVault();
  await source.vault.create(PASSPHRASE);
  await source.vault.submitCapture(capture({ credentials: [{ kind: 'apiKey', value: API_KEY }] }));
  return source.vault.backup();
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("backups posted to Chrome's service worker", () => {
  it('restore through the same router as any message, and the worker is kept alive until it replies', async () => {
    const text = await backupText();
    const fresh = worker();
    const { reply, kept } = fresh.post({ type: 'backup.restore', payload: { text, passphrase: PASSPHRASE } });
    expect(kept).toHaveLength(1);
    let answered = false;
    void reply.then(() => (answered = true));
    // The worker is released only once the reply is on its way.
    await kept[0];
    expect(answered).toBe(true);
    expect(await reply).toEqual({ ok: true, value: { apps: 1, credentials: 1 } });
    const [app] = await fresh.vault.list();
    expect(app?.credentials.map((c) => c.kind)).toEqual(['apiKey']);
  });

  it('say what a malformed or wrong file is, as runtime messages do', async () => {
    const fresh = worker();
    expect(
      await fresh.post({ type: 'backup.restore', payload: { text: 'not a backup', passphrase: PASSPHRASE } }).reply,
    ).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.stringMatching(/backup/i) } });
    expect(await fresh.post({ type: 'backup.restore', payload: { text: 'x', passphrase: '' } }).reply).toMatchObject({
      ok: false,
      error: { code: 'invalid-message' },
    });
    expect(await fresh.vault.status()).toMatchObject({ exists: false });
  });

  it('are refused from any other origin, and from a client without a URL', async () => {
    const text = await backupText();
    const fresh = worker();
    const message = { type: 'backup.restore', payload: { text, passphrase: PASSPHRASE } };
    for (const url of [
      'https://developer.x.com/en/portal/dashboard',
      'chrome-extension://anotherextensionaaaaaaaaaaaaaaaa/popup.html',
    ]) {
      expect(await fresh.post(message, url).reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // A URL of OnceKey's, claimed by a client of another origin.
    expect(await fresh.post(message, POPUP, 'https://developer.x.com').reply).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // An opaque origin (a sandboxed frame) with OnceKey's URL.
    expect(await fresh.post(message, POPUP, 'null').reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await fresh.post(message, null, ORIGIN).reply).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await fresh.vault.status()).toMatchObject({ exists: false });
  });

  it('is a door for files only: any other message posted there is refused, even from OnceKey', async () => {
    const made = makeVault();
    await made.vault.create(PASSPHRASE);
    await made.vault.submitCapture(capture({ credentials: [{ kind: 'apiKey', value: API_KEY }] }));
    const open = worker(made);
    const [app] = await made.vault.list();
    const id = app?.credentials[0]?.id ?? '';
    for (const data of [
      { type: 'credential.value', payload: { id } },
      { type: 'vault.list', payload: {} },
      { type: 'no.such', payload: {} },
      'backup.restore',
      null,
    ]) {
      const reply = await open.post(data).reply;
      expect(reply).toEqual({
        ok: false,
        error: { code: 'invalid-message', message: 'OnceKey does not know that message.' },
      });
      expect(JSON.stringify(reply)).not.toContain(API_KEY);
    }
  });

  it('are not answered without a port to answer on', () => {
    const handle = vi.fn();
    let listener: ((event: WorkerMessageEvent) => void) | undefined;
    acceptFiles(
      { addEventListener: (_type, l) => (listener = l) },
      { runtimeId: RUNTIME_ID, extensionBase: BASE, handle },
    );
    const waitUntil = vi.fn();
    listener?.({
      data: { type: 'backup.restore', payload: {} },
      origin: ORIGIN,
      source: { url: POPUP },
      ports: [],
      waitUntil,
    });
    expect(handle).not.toHaveBeenCalled();
    expect(waitUntil).not.toHaveBeenCalled();
  });

  it('get an answer even if the handler throws: the page never waits forever', async () => {
    let listener: ((event: WorkerMessageEvent) => void) | undefined;
    const handle = () => Promise.reject(new Error('boom'));
    acceptFiles(
      { addEventListener: (_type, l) => (listener = l) },
      { runtimeId: RUNTIME_ID, extensionBase: BASE, handle },
    );
    const reply = await new Promise((resolve) =>
      listener?.({
        data: { type: 'backup.merge', payload: {} },
        origin: ORIGIN,
        source: { url: POPUP },
        ports: [{ postMessage: resolve }],
        waitUntil: () => {},
      }),
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

/** A page's navigator.serviceWorker whose active worker answers `reply` on the port it is given. */
function container(reply: Reply<unknown> | undefined, posted: unknown[] = []) {
  return {
    getRegistration: async () =>
      reply === undefined
        ? undefined
        : {
            active: {
              postMessage(message: unknown, [port]: Transferable[]) {
                posted.push(message);
                (port as MessagePort).postMessage(reply);
              },
            },
          },
  };
}

describe('the page side', () => {
  it("posts a backup to the worker and returns the worker's reply", async () => {
    const posted: unknown[] = [];
    const message = { type: 'backup.restore' as const, payload: { text: '{}', passphrase: 'p' } };
    expect(await postToWorker(message, container({ ok: true, value: { apps: 2, credentials: 8 } }, posted))).toEqual({
      ok: true,
      value: { apps: 2, credentials: 8 },
    });
    expect(posted).toEqual([message]);
  });

  it('has nothing to post to without a service worker (Firefox), and says so at once', async () => {
    expect(await postToWorker({ type: 'backup.merge', payload: {} }, undefined)).toBeUndefined();
    expect(await postToWorker({ type: 'backup.merge', payload: {} }, container(undefined))).toBeUndefined();
    // Nor when the browser will not give the worker or take the message: nothing was sent.
    const refusing = { getRegistration: () => Promise.reject(new DOMException('no', 'SecurityError')) };
    expect(await postToWorker({ type: 'backup.merge', payload: {} }, refusing)).toBeUndefined();
    const uncloneable = {
      getRegistration: async () => ({
        active: {
          postMessage() {
            throw new DOMException('no', 'DataCloneError');
          },
        },
      }),
    };
    expect(await postToWorker({ type: 'backup.merge', payload: {} }, uncloneable)).toBeUndefined();
  });

  it('gives up on a worker that took the message and never answered, without sending it again', async () => {
    const silent = { getRegistration: async () => ({ active: { postMessage() {} } }) };
    await expect(postToWorker({ type: 'backup.restore', payload: {} }, silent, 20)).rejects.toBeInstanceOf(NoAnswer);

    vi.useFakeTimers();
    try {
      vi.stubGlobal('navigator', { serviceWorker: silent });
      fakeBrowser.reset();
      const runtime = vi.fn(async () => ({ ok: true, value: { apps: 1, credentials: 1 } }));
      fakeBrowser.runtime.onMessage.addListener(runtime);
      const sent = send('backup.restore', { text: '{}', passphrase: 'p' });
      const failed = expect(sent).rejects.toMatchObject({
        code: 'internal',
        message: 'OnceKey did not answer. Try again.',
      });
      await vi.advanceTimersByTimeAsync(WORKER_PATIENCE_MS);
      await failed;
      // A restore must not run twice: the same message is not sent again the other way.
      expect(runtime).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('send() posts backups to the worker and everything else by runtime messaging', async () => {
    const posted: unknown[] = [];
    vi.stubGlobal('navigator', { serviceWorker: container({ ok: true, value: { added: 3, skipped: 1 } }, posted) });
    expect(await send('backup.merge', { text: '{}', passphrase: 'p' })).toEqual({ added: 3, skipped: 1 });
    expect(posted).toHaveLength(1);
    // Anything else goes by runtime messaging, as before.
    fakeBrowser.reset();
    fakeBrowser.runtime.onMessage.addListener(async () => ({ ok: true, value: { exists: true, locked: true } }));
    expect(await send('vault.status', {})).toEqual({ exists: true, locked: true });
    expect(posted).toHaveLength(1);
  });

  it('send() refuses as the background refused, on either path', async () => {
    vi.stubGlobal('navigator', {
      serviceWorker: container({ ok: false, error: { code: 'wrong-passphrase', message: 'Wrong passphrase.' } }),
    });
    await expect(send('backup.restore', { text: '{}', passphrase: 'p' })).rejects.toMatchObject({
      code: 'wrong-passphrase',
      message: 'Wrong passphrase.',
    });
  });
});
