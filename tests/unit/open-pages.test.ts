import { describe, expect, it, vi } from 'vitest';
import { createOpenPages, type PagePort } from '@/utils/background/open-pages';
import { PAGE_PORT } from '@/utils/protocol/messages';
import type { Sender } from '@/utils/protocol/router';
import { capture, makeVault, PASSPHRASE } from './helpers/vault';

const RUNTIME_ID = 'oncekeyextensionidaaaaaaaaaaaaaa';
const BASE = `chrome-extension://${RUNTIME_ID}/`;
const POPUP: Sender = { id: RUNTIME_ID, url: `${BASE}popup.html` };
const OPTIONS: Sender = { id: RUNTIME_ID, url: `${BASE}popup.html#settings` };
const PORTAL: Sender = { id: RUNTIME_ID, url: 'https://developer.x.com/en/portal/projects/1/apps/2/keys', tab: {} };

/** A port as runtime.onConnect hands it over, which the test can close. */
function fakePort(sender: Sender, name = PAGE_PORT) {
  const onClose: (() => void)[] = [];
  const port = {
    name,
    sender,
    disconnect: vi.fn(),
    onDisconnect: { addListener: (callback: () => void) => void onClose.push(callback) },
    close: () => {
      for (const callback of onClose) callback();
    },
  } satisfies PagePort & { close(): void };
  return port;
}

function setup() {
  const onLastClosed = vi.fn();
  const onConnect = createOpenPages({ runtimeId: RUNTIME_ID, extensionBase: BASE, onLastClosed });
  const connect = (sender: Sender, name?: string) => {
    const port = fakePort(sender, name);
    onConnect(port);
    return port;
  };
  return { onLastClosed, connect };
}

describe('open OnceKey pages', () => {
  it('make deletions final when the last open page closes, and not before', () => {
    const { onLastClosed, connect } = setup();
    const popup = connect(POPUP);
    const options = connect(OPTIONS);
    popup.close();
    expect(onLastClosed).not.toHaveBeenCalled();
    options.close();
    expect(onLastClosed).toHaveBeenCalledTimes(1);

    // The popup opened again later counts afresh.
    connect(POPUP).close();
    expect(onLastClosed).toHaveBeenCalledTimes(2);
  });

  it('ignore ports from the portal’s content script and ports of another name: they cannot hold deletions back', () => {
    const { onLastClosed, connect } = setup();
    const fromPortal = connect(PORTAL);
    const otherName = connect(POPUP, 'something.else');
    const otherExtension = connect({ id: 'someotherextensionidbbbbbbbbbbbb', url: `${BASE}popup.html` });
    for (const port of [fromPortal, otherName, otherExtension]) expect(port.disconnect).toHaveBeenCalled();

    const popup = connect(POPUP);
    expect(popup.disconnect).not.toHaveBeenCalled();
    popup.close();
    expect(onLastClosed).toHaveBeenCalledTimes(1);
  });

  it('keep a deleted credential undoable while a page is open; closing the last makes the deletion final', async () => {
    const { vault } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    const key = (await vault.list())[0]?.credentials[0];
    if (!key) throw new Error('no credential');
    const emptied: Promise<void>[] = [];
    const onConnect = createOpenPages({
      runtimeId: RUNTIME_ID,
      extensionBase: BASE,
      onLastClosed: () => void emptied.push(vault.emptyTrash()),
    });
    const [popup, options] = [fakePort(POPUP), fakePort(OPTIONS)];
    onConnect(popup);
    onConnect(options);

    const first = await vault.deleteCredential(key.id);
    options.close();
    await Promise.all(emptied);
    await vault.undoDelete(first.undoId);

    const second = await vault.deleteCredential(key.id);
    popup.close();
    await Promise.all(emptied);
    await expect(vault.undoDelete(second.undoId)).rejects.toMatchObject({ code: 'not-found' });
  });
});
