/**
 * OnceKey's stand-in for WXT's `ContentScriptContext`, which wxt.config.ts puts in its place in
 * the content script's build (WXT's wrapper constructs one and passes it to `main`).
 *
 * Why not WXT's: on start it tells the page, with `window.postMessage(…, '*')`, an event name
 * that holds the extension's id, so any page learns that OnceKey is installed; and it stops
 * itself when the document receives that event name with another script's id, so a page that
 * heard it can switch OnceKey's capture off. This one says nothing to the page, and nothing the
 * page does can stop it: it stops only when the extension it belongs to is gone (reloaded,
 * updated or removed leaves an orphaned script whose runtime has no id), checked when the tab
 * comes back into view. It is also a tenth of the size.
 */
export class ContentScriptContext {
  private readonly controller = new AbortController();

  // WXT's wrapper passes the script's name and options, and reads neither back.
  constructor(
    _name: string,
    _options?: unknown,
    private readonly runtimeId: () => string | undefined = extensionId,
  ) {
    const check = () => void this.isValid;
    const listening = { capture: true, signal: this.controller.signal };
    window.addEventListener('focus', check, listening);
    document.addEventListener('visibilitychange', check, listening);
  }

  /** False once the extension is gone (and from then on). */
  get isValid(): boolean {
    if (!this.controller.signal.aborted && !this.runtimeId()) this.controller.abort();
    return !this.controller.signal.aborted;
  }

  /** Runs `stop` when the script is orphaned; returns a function that forgets it. */
  onInvalidated(stop: () => void): () => void {
    this.controller.signal.addEventListener('abort', stop);
    return () => this.controller.signal.removeEventListener('abort', stop);
  }
}

/** This extension's id, or undefined in an orphaned script. */
function extensionId(): string | undefined {
  const global = globalThis as { browser?: { runtime?: { id?: string } }; chrome?: { runtime?: { id?: string } } };
  return (global.browser ?? global.chrome)?.runtime?.id;
}
