import type { RefObject } from 'preact';
import { useLayoutEffect, useReducer, useRef } from 'preact/hooks';
import type { AppSummary } from '@/utils/vault/types';

/** Rendered beyond the view, above and below (px): a fast flick or Tab lands on rendered Apps. */
export const OVERSCAN = 600;
/** The popup's tallest view (px): Chromium sizes a popup to its content, up to 600 px. */
const POPUP_HEIGHT = 600;
/** The list's gap between Apps (px, its CSS). */
const GAP = 10;
/**
 * An App's height in units: one for its head and "Ready for", one per credential row (each
 * row has its description). The px per unit is learnt from the Apps measured (Heights).
 */
const units = (app: AppSummary) => app.credentials.length + 1;

export interface Window {
  /** The Apps to render: `shown.slice(start, end)`. */
  start: number;
  end: number;
  /** The height of the Apps above and below them (px): the list's padding, so the scrollbar is true. */
  before: number;
  after: number;
}

/**
 * Which of `apps` are in view (or near it), for a list in `list`, scrolled by the page.
 * Heights are measured once rendered and estimated until then; scroll anchoring keeps what
 * the user looks at in place when an estimate is corrected. `on` false: every App.
 */
export function useWindow(list: RefObject<HTMLElement>, apps: AppSummary[], on: boolean): Window {
  const heights = useRef(new Heights());
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const shown = useRef<Window>();
  // The part of the list in view, as last measured; before the list is in the page, its top
  // and the popup's height (a popup opens small and grows to fit).
  const view = useRef({ top: 0, height: Math.max(globalThis.innerHeight || 0, POPUP_HEIGHT) });

  // The App holding the keyboard focus, if in the list: it and the Apps either side stay rendered.
  const focused = useRef<string>();
  const around = (from: number, to: number) =>
    withFocused(apps, heights.current, windowOf(apps, heights.current, from, to), focused.current);

  const { top, height } = view.current;
  const current: Window = on
    ? around(top - OVERSCAN, top + height + OVERSCAN)
    : { start: 0, end: apps.length, before: 0, after: 0 };
  shown.current = current;

  useLayoutEffect(() => {
    if (!on) return;
    // Measures what was rendered; a corrected estimate (or a scroll) that changes the range renders again.
    const changed = () => {
      const el = list.current;
      const now = shown.current;
      if (!el || !now) return false;
      for (const [i, child] of [...el.children].entries()) {
        const app = apps[now.start + i];
        const h = (child as HTMLElement).offsetHeight;
        if (app && h > 0) heights.current.set(app, h);
      }
      const top = -el.getBoundingClientRect().top;
      const height = globalThis.innerHeight;
      view.current = { top, height };
      // Focus gone from the list without a focusout (its App was left unrendered): nothing to keep.
      if (focused.current !== undefined && !el.contains(document.activeElement)) focused.current = undefined;
      const next = around(top - OVERSCAN, top + height + OVERSCAN);
      return differs(next, now);
    };
    const differs = (next: Window, now: Window) =>
      next.start !== now.start ||
      next.end !== now.end ||
      Math.abs(next.before - now.before) > 1 ||
      Math.abs(next.after - now.after) > 1;
    // Measured once the browser has laid the Apps out (a ResizeObserver reports then, before the
    // paint), not by forcing a layout of its own in the middle of a keystroke's render.
    const sizes =
      typeof ResizeObserver === 'function'
        ? new ResizeObserver(() => {
            if (changed()) rerender(0);
          })
        : undefined;
    for (const child of list.current?.children ?? []) sizes?.observe(child);
    let frame = 0;
    const onScroll = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (changed()) rerender(0);
      });
    };
    addEventListener('scroll', onScroll, { passive: true });
    addEventListener('resize', onScroll, { passive: true });
    // Tab moves focus to the next App before any frame (and scroll event) moves the window, so
    // the focus itself widens it, at once: the next Tab, or Shift+Tab, lands on a rendered App.
    const el = list.current;
    const onFocusIn = (event: FocusEvent) => {
      let node = event.target as Node | null;
      while (node && node.parentNode !== el) node = node.parentNode;
      const now = shown.current;
      const index = node && now ? [...(el?.children ?? [])].indexOf(node as Element) : -1;
      focused.current = index < 0 ? undefined : apps[(now?.start ?? 0) + index]?.id;
      const { top, height } = view.current;
      if (now && differs(around(top - OVERSCAN, top + height + OVERSCAN), now)) rerender(0);
    };
    const onFocusOut = (event: FocusEvent) => {
      if (!el?.contains(event.relatedTarget as Node | null)) focused.current = undefined;
    };
    el?.addEventListener('focusin', onFocusIn);
    el?.addEventListener('focusout', onFocusOut);
    return () => {
      el?.removeEventListener('focusin', onFocusIn);
      el?.removeEventListener('focusout', onFocusOut);
      sizes?.disconnect();
      removeEventListener('scroll', onScroll);
      removeEventListener('resize', onScroll);
      cancelAnimationFrame(frame);
    };
  });
  return current;
}

/** The Apps between `from` and `to` (px from the list's top), and the heights either side. */
export function windowOf(apps: AppSummary[], heights: Heights, from: number, to: number): Window {
  let y = 0;
  let start = -1;
  let end = apps.length;
  let before = 0;
  let after = 0;
  for (let i = 0; i < apps.length; i++) {
    const app = apps[i] as AppSummary;
    const h = heights.of(app) + GAP;
    if (start < 0 && y + h > from) {
      start = i;
      before = y;
    }
    if (start >= 0 && end === apps.length && y >= to) end = i;
    if (i >= end) after += h;
    y += h;
  }
  // Scrolled past the end (the list just got shorter): the last screenful.
  const last = apps.at(-1);
  if (start < 0 && last) {
    start = apps.length - 1;
    before = y - heights.of(last) - GAP;
  }
  return { start: Math.max(start, 0), end: Math.max(end, Math.min(apps.length, start + 1)), before, after };
}

/**
 * How far (in Apps) the focused App may be from the window and still be kept rendered with
 * the Apps between: further (the user scrolled away from it), the window is left as it is.
 */
const FOCUS_REACH = 3;

/**
 * `w` widened to the App with id `focused` and one App either side of it, when that App is
 * within FOCUS_REACH of it; the padding either side shrinks by the heights of the Apps added.
 */
export function withFocused(apps: AppSummary[], heights: Heights, w: Window, focused: string | undefined): Window {
  if (focused === undefined) return w;
  const i = apps.findIndex((app) => app.id === focused);
  if (i < 0 || i < w.start - FOCUS_REACH || i >= w.end + FOCUS_REACH) return w;
  const start = Math.max(0, Math.min(w.start, i - 1));
  const end = Math.min(apps.length, Math.max(w.end, i + 2));
  let { before, after } = w;
  for (let k = start; k < w.start; k++) before -= heights.of(apps[k] as AppSummary) + GAP;
  for (let k = w.end; k < end; k++) after -= heights.of(apps[k] as AppSummary) + GAP;
  return { start, end, before: Math.max(0, before), after: Math.max(0, after) };
}

/** An App as listed: a search that narrows its credentials makes it another height. */
const shape = (app: AppSummary) => `${app.id}:${app.credentials.length}`;

/** Each App's height as measured, and an estimate for the others. */
export class Heights {
  private readonly measured = new Map<string, number>();
  private total = 0;
  private totalUnits = 0;

  set(app: AppSummary, height: number): void {
    const old = this.measured.get(shape(app));
    if (old === height) return;
    if (old === undefined) this.totalUnits += units(app);
    this.total += height - (old ?? 0);
    this.measured.set(shape(app), height);
  }

  of(app: AppSummary): number {
    return this.measured.get(shape(app)) ?? units(app) * (this.totalUnits ? this.total / this.totalUnits : 100);
  }
}
