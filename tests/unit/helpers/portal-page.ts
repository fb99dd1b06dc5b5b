// A page for the content script's panel in happy-dom: the window's events are the real
// ones, while time, timers and IntersectionObserver are the test's to drive.
import type { GuardWindow } from '@/entrypoints/portal.content/guard';

/**
 * The shadow roots the code under test asked for, by host: the panel's is closed, and these
 * tests read it the way the end-to-end tests do, opened (scripts/open-panel-copy.mjs).
 */
export const requestedRoots = new WeakMap<Element, ShadowRootInit>();
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
  requestedRoots.set(this, init);
  return attachShadow.call(this, { ...init, mode: 'open' });
};

/** Marks an event as the browser's own (happy-dom lets a test do what a page cannot). */
export function trusted<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}

/** A fake IntersectionObserver v2: the test says what the browser would report. */
export class FakeVisibilityObserver {
  static all: FakeVisibilityObserver[] = [];
  targets: Element[] = [];
  constructor(readonly callback: IntersectionObserverCallback) {
    FakeVisibilityObserver.all.push(this);
  }
  observe(target: Element) {
    this.targets.push(target);
  }
  disconnect() {
    this.targets = [];
  }
  /** The browser reports the target visible or not. */
  report(isVisible: boolean) {
    const entry = { isIntersecting: true, isVisible, target: this.targets[0] } as unknown as IntersectionObserverEntry;
    this.callback([entry], this as unknown as IntersectionObserver);
  }
}

class EntryWithVisibility {
  get isVisible() {
    return true;
  }
}

export interface TestPage {
  win: GuardWindow;
  now: () => number;
  /** Moves the clock on and runs the timers that fall due. */
  advance(ms: number): void;
  /** The last fake v2 observer made (with `v2: true`). */
  observer(): FakeVisibilityObserver;
}

/**
 * `v2`: the browser has IntersectionObserver v2 (Chromium); otherwise the panel falls back to
 * its own checks at the press (Firefox). `topmost` is what `elementsFromPoint` puts first.
 */
export function testPage({ v2 = false, topmost }: { v2?: boolean; topmost?: () => Element | null } = {}): TestPage {
  let clock = 1000;
  let nextId = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  FakeVisibilityObserver.all = [];
  Object.defineProperty(document, 'elementsFromPoint', {
    configurable: true,
    value: () => {
      const top = topmost ? topmost() : document.querySelector('[data-oncekey="panel"]');
      return top ? [top] : [];
    },
  });
  const win = {
    addEventListener: window.addEventListener.bind(window),
    removeEventListener: window.removeEventListener.bind(window),
    dispatchEvent: window.dispatchEvent.bind(window),
    getComputedStyle: window.getComputedStyle.bind(window),
    setTimeout: (run: () => void, ms = 0) => {
      const id = nextId++;
      timers.set(id, { at: clock + ms, run });
      return id;
    },
    clearTimeout: (id?: number) => {
      if (id !== undefined) timers.delete(id);
    },
    IntersectionObserver: v2 ? FakeVisibilityObserver : window.IntersectionObserver,
    IntersectionObserverEntry: v2 ? EntryWithVisibility : class {},
  } as unknown as GuardWindow;
  return {
    win,
    now: () => clock,
    advance(ms) {
      clock += ms;
      for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > clock) continue;
        timers.delete(id);
        timer.run();
      }
    },
    observer: () => {
      const last = FakeVisibilityObserver.all.at(-1);
      if (!last) throw new Error('no visibility observer was made');
      return last;
    },
  };
}

/** A trusted mouse click at a point (detail 1: a pointer's click). */
export const userClick = (x = 10, y = 10) =>
  trusted(
    new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, clientX: x, clientY: y, detail: 1 }),
  );
