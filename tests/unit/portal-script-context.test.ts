// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from '@/entrypoints/portal.content/script-context';

/** What WXT's own context posted and listened for: the extension's id, the script's name, an event. */
const WXT_EVENT = 'abcdefghijklmnopabcdefghijklmnop:portal:wxt:content-script-started';

/** Until the messages posted so far have reached their listeners (postMessage delivers in a later task). */
async function delivered(): Promise<void> {
  const marker = `delivered-${Math.random()}`;
  await new Promise<void>((resolve) => {
    const onMessage = (event: MessageEvent) => {
      if (event.data !== marker) return;
      window.removeEventListener('message', onMessage);
      resolve();
    };
    window.addEventListener('message', onMessage);
    window.postMessage(marker, '*');
  });
}

describe("the content script's context", () => {
  it('says nothing to the page when it starts', async () => {
    const posted = vi.fn();
    const dispatched = vi.fn();
    window.addEventListener('message', posted);
    document.addEventListener(WXT_EVENT, dispatched);
    const spy = vi.spyOn(window, 'postMessage');
    new ContentScriptContext('portal', {}, () => 'abcdefghijklmnopabcdefghijklmnop');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    // A posted message arrives in a task of its own.
    await delivered();
    expect(posted).toHaveBeenCalledOnce(); // delivered()'s own
    expect(dispatched).not.toHaveBeenCalled();
  });

  it('cannot be stopped by the page, which can only make it check that OnceKey is still there', async () => {
    const context = new ContentScriptContext('portal', {}, () => 'abcdefghijklmnopabcdefghijklmnop');
    const stop = vi.fn();
    context.onInvalidated(stop);
    document.dispatchEvent(
      new CustomEvent(WXT_EVENT, { detail: { contentScriptName: 'portal', messageId: 'from-the-page' } }),
    );
    window.postMessage({ type: WXT_EVENT, contentScriptName: 'portal', messageId: 'from-the-page' }, '*');
    window.dispatchEvent(new Event('focus'));
    document.dispatchEvent(new Event('visibilitychange'));
    await delivered();
    expect(stop).not.toHaveBeenCalled();
    expect(context.isValid).toBe(true);
  });

  it('stops once the extension is gone (reloaded, updated or removed), when the tab is back in view', () => {
    let id: string | undefined = 'abcdefghijklmnopabcdefghijklmnop';
    const context = new ContentScriptContext('portal', {}, () => id);
    const stop = vi.fn();
    context.onInvalidated(stop);
    id = undefined;
    expect(stop).not.toHaveBeenCalled();
    document.dispatchEvent(new Event('visibilitychange'));
    expect(stop).toHaveBeenCalledOnce();
    expect(context.isValid).toBe(false);
    // Once stopped it stays stopped, and stops nothing twice.
    id = 'abcdefghijklmnopabcdefghijklmnop';
    window.dispatchEvent(new Event('focus'));
    expect(context.isValid).toBe(false);
    expect(stop).toHaveBeenCalledOnce();
  });

  it('forgets a stop function it was told to forget', () => {
    let id: string | undefined = 'x';
    const context = new ContentScriptContext('portal', {}, () => id);
    const stop = vi.fn();
    context.onInvalidated(stop)();
    id = undefined;
    window.dispatchEvent(new Event('focus'));
    expect(stop).not.toHaveBeenCalled();
  });
});
