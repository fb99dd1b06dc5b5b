// Whether a press of OnceKey's button is the user's own, meant for OnceKey. The page shares
// the DOM with the panel; it cannot make trusted events, but it can try to borrow the
// user's: focus the button so that their next Enter lands on it, make the panel invisible
// or cover it so that their click meant for something else lands on it, or move it under
// the pointer just before they click. docs/security.md lists what this does and cannot do.
import { type Point, type VisibilityWatch, watchVisibility } from './visibility';

/** Presses this soon after the panel appears, becomes visible or moves under a still pointer are ignored. */
export const ARMING_MS = 500;
/** A focus is the user's when it follows their own Tab, or their press on the panel, this closely. */
const NAVIGATION_MS = 1000;

/** What the panel says when it ignores a press, so the user knows to look and press again. */
export const IGNORED = {
  covered: "OnceKey's button was covered; click it again where you can see it.",
  early: "OnceKey's button had only just appeared or moved; click it again if it is where you expect it.",
  focus: "OnceKey's button was focused by the page, not by you: press Tab to reach it, or click it.",
} as const;

export type Verdict = { ok: true } | { ok: false; notice: string };

export interface Guard {
  /**
   * Whether a press would count now, as far as can be known before one: armed, and seen
   * visible where the browser reports it (so, in Chromium, not while out of the viewport).
   */
  available(): boolean;
  /** Judges one click on the button (keyboard activation arrives as a click too). */
  judge(event: MouseEvent): Verdict;
  stop(): void;
}

export type GuardWindow = EventTarget &
  Pick<Window, 'setTimeout' | 'clearTimeout'> &
  Pick<typeof globalThis, 'getComputedStyle' | 'IntersectionObserver' | 'IntersectionObserverEntry'>;

export interface GuardOptions {
  /** The panel's element in the page, and the button in its shadow root. */
  host: HTMLElement;
  button: HTMLButtonElement;
  win: GuardWindow;
  now?: () => number;
  /** Availability changed: the panel redraws. */
  onChange: () => void;
}

function center(el: Element): Point {
  const r = el.getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
}

/** Starts guarding a panel that has just been put in the page. */
export function guardPanel({ host, button, win, now = () => performance.now(), onChange }: GuardOptions): Guard {
  const listening = new AbortController();
  const on = <E extends Event>(target: EventTarget, type: string, handler: (event: E) => void, capture = false) =>
    target.addEventListener(type, handler as EventListener, { capture, passive: true, signal: listening.signal });

  // Arming: presses count from ARMING_MS after the latest appearance, visibility or move.
  let armedFrom = now();
  let timer: number | undefined;
  const armed = () => now() - armedFrom >= ARMING_MS;
  const waitUntilArmed = () => {
    win.clearTimeout(timer);
    timer = win.setTimeout(() => (armed() ? onChange() : waitUntilArmed()), armedFrom + ARMING_MS - now());
  };
  const rearm = () => {
    armedFrom = now();
    waitUntilArmed();
    onChange();
  };
  waitUntilArmed();

  // Uncovered (the page stops fading or covering the panel): as good as appearing. Coming
  // into the viewport is the user scrolling, or, under a still pointer, a move (below).
  const visibility: VisibilityWatch = watchVisibility(host, button, {
    win,
    onChange: (before) => (before === 'covered' && visibility.seen() === 'visible' ? rearm() : onChange()),
  });

  // How the button got its focus. The user's Tab moves focus as the keydown's default
  // action, so the first focus change after a trusted Tab is that Tab's; a press on the
  // panel focuses the button too. Anything else (the page calling focus()) is the page's.
  let tab: { at: number; event: KeyboardEvent } | undefined;
  let pressedAt = Number.NEGATIVE_INFINITY;
  let focusedByUser = false;
  let focusTab: KeyboardEvent | undefined;
  on<KeyboardEvent>(
    win,
    'keydown',
    (e) => {
      if (e.isTrusted && e.key === 'Tab') tab = { at: now(), event: e };
    },
    true,
  );
  // A press inside the panel, not on the host's own box (whose ::before a page could stretch).
  on<PointerEvent>(button.getRootNode(), 'pointerdown', (e) => {
    if (e.isTrusted) pressedAt = now();
  });
  on<FocusEvent>(
    win,
    'focusin',
    (e) => {
      if (e.composedPath().includes(host)) {
        const byTab = !!tab && now() - tab.at < NAVIGATION_MS;
        focusedByUser = byTab || now() - pressedAt < NAVIGATION_MS;
        focusTab = byTab ? tab?.event : undefined;
      }
      tab = undefined;
    },
    true,
  );
  on(host, 'focusout', () => {
    focusedByUser = false;
    focusTab = undefined;
  });

  // A key press on the button: the click it makes comes from the keyboard.
  let keyPress = false;
  on<KeyboardEvent>(button, 'keydown', (e) => {
    if (e.isTrusted && (e.key === 'Enter' || e.key === ' ')) keyPress = true;
  });
  on(button, 'pointerdown', () => {
    keyPress = false;
  });

  // The button arriving under a pointer that did not move: the page moved it there. The
  // user moving onto it reports the new position in pointerover before pointermove. The
  // browser also repeats pointerover under a still pointer when the page re-renders what is
  // under it; that counts only if the button is not where it was last seen.
  let pointer: Point | undefined;
  let seenAt: string | undefined;
  on<PointerEvent>(
    win,
    'pointermove',
    (e) => {
      if (e.isTrusted) pointer = { x: e.clientX, y: e.clientY };
    },
    true,
  );
  on<PointerEvent>(button, 'pointerover', (e) => {
    if (!e.isTrusted) return;
    const r = button.getBoundingClientRect();
    const at = `${r.left},${r.top},${r.width},${r.height}`;
    const still = pointer?.x === e.clientX && pointer.y === e.clientY;
    if (still && at !== seenAt) rearm();
    seenAt = at;
  });

  return {
    available: () => armed() && visibility.seen() === 'visible',
    judge(event) {
      const viaKeys = keyPress && event.detail === 0;
      keyPress = false;
      // A page script's click or dispatched event: not the user's, and nothing to explain.
      if (!event.isTrusted) return { ok: false, notice: '' };
      if (viaKeys && (!focusedByUser || focusTab?.defaultPrevented)) {
        button.blur();
        return { ok: false, notice: IGNORED.focus };
      }
      if (!armed()) return { ok: false, notice: IGNORED.early };
      // Keyboard and assistive-technology clicks (detail 0) have no point of their own.
      const point = event.detail === 0 ? center(button) : { x: event.clientX, y: event.clientY };
      if (visibility.seen() !== 'visible' || !visibility.clearAt(point)) return { ok: false, notice: IGNORED.covered };
      return { ok: true };
    },
    stop() {
      listening.abort();
      visibility.stop();
      win.clearTimeout(timer);
    },
  };
}
