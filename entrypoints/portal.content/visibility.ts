// Whether the user can see OnceKey's button when they press it. A page could fade the
// panel out, filter or skew it, or lay a see-through decoy over it (pointer-events: none
// lets the click through to us) and so borrow the user's click for its own values.
//
// Chromium has IntersectionObserver v2: with `trackVisibility` it reports whether the
// target is painted unoccluded, at full opacity, unfiltered and untransformed (but for 2D
// translation and upscaling). Elsewhere (Firefox) the panel checks at the press: the
// computed styles of the button and everything holding it (the host, its ancestors), and
// that the host is the topmost element at the point pressed. The latter cannot see a
// pointer-events: none decoy, which hit testing skips; IntersectionObserver v2 can.

export interface Point {
  x: number;
  y: number;
}

/**
 * What the browser last reported: `pending` until its first report, `offscreen` (not in the
 * viewport), `covered` (in it, but faded, filtered, transformed or under something) or
 * `visible`. Where the browser cannot tell, always `visible`.
 */
export type Seen = 'pending' | 'offscreen' | 'covered' | 'visible';

export interface VisibilityWatch {
  seen(): Seen;
  /** At a press: nothing on the page fades, filters, clips, skews or covers the panel at `point`. */
  clearAt(point: Point): boolean;
  stop(): void;
}

type Win = Pick<typeof globalThis, 'getComputedStyle' | 'IntersectionObserver' | 'IntersectionObserverEntry'>;

/** IntersectionObserver v2's options, missing from TypeScript's DOM types. */
interface TrackVisibilityInit extends IntersectionObserverInit {
  trackVisibility: boolean;
  delay: number;
}

/** A transform that leaves the panel as drawn: none, a translation, or an even upscale. */
function plainTransform(transform: string): boolean {
  if (transform === 'none') return true;
  const m = /^matrix\(([^)]+)\)$/.exec(transform);
  if (!m?.[1]) return false;
  const [a, b, c, d] = m[1].split(',').map(Number);
  return b === 0 && c === 0 && a === d && (a ?? 0) >= 0.999;
}

/** The button and every ancestor (across shadow roots, up through the host) draw it as it is. */
function stylesClear(target: Element, win: Win): boolean {
  if (['hidden', 'collapse'].includes(win.getComputedStyle(target).visibility)) return false;
  for (let el: Element | null = target; el; ) {
    const style = win.getComputedStyle(el);
    if (Number.parseFloat(style.opacity || '1') < 1) return false;
    if ((style.filter || 'none') !== 'none') return false;
    if ((style.clipPath || 'none') !== 'none') return false;
    if ((style.getPropertyValue('clip') || 'auto') !== 'auto') return false;
    if ((style.mixBlendMode || 'normal') !== 'normal') return false;
    if (!plainTransform(style.transform || 'none')) return false;
    const parent: Element | null = el.parentElement;
    const root = el.getRootNode();
    el = parent ?? (root instanceof ShadowRoot ? root.host : null);
  }
  return true;
}

export interface VisibilityOptions {
  win: Win;
  /** The browser's report changed from `before` to what `seen()` now says. */
  onChange: (before: Seen) => void;
}

/** Watches `target` (the button) inside `host` (the panel's element in the page). */
export function watchVisibility(
  host: HTMLElement,
  target: Element,
  { win, onChange }: VisibilityOptions,
): VisibilityWatch {
  const doc = host.ownerDocument;
  const tracks = 'isVisible' in win.IntersectionObserverEntry.prototype;
  let seen: Seen = tracks ? 'pending' : 'visible';
  let observer: IntersectionObserver | undefined;
  if (tracks) {
    const options: TrackVisibilityInit = { trackVisibility: true, delay: 100, threshold: [0, 1] };
    observer = new win.IntersectionObserver((entries) => {
      const entry = entries.at(-1) as (IntersectionObserverEntry & { isVisible?: boolean }) | undefined;
      if (!entry) return;
      const latest: Seen = !entry.isIntersecting ? 'offscreen' : entry.isVisible ? 'visible' : 'covered';
      if (latest === seen) return;
      const before = seen;
      seen = latest;
      onChange(before);
    }, options);
    observer.observe(target);
  }
  return {
    seen: () => seen,
    clearAt: (point) => stylesClear(target, win) && (doc.elementsFromPoint?.(point.x, point.y) ?? [])[0] === host,
    stop: () => observer?.disconnect(),
  };
}
