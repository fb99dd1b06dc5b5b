// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ARMING_MS, type Guard, guardPanel, IGNORED } from '@/entrypoints/portal.content/guard';
import { createPanel, type Panel } from '@/entrypoints/portal.content/panel';
import { type TestPage, testPage, trusted, userClick } from './helpers/portal-page';

let page: TestPage;
let panel: Panel;
let guard: Guard;
let changes = 0;

/** A panel in a dialog, guarded, with the page's clock at its appearance. */
function show(options: Parameters<typeof testPage>[0] = {}) {
  page = testPage(options);
  document.body.innerHTML =
    '<div id="dialog" role="dialog"><p>API Key</p><button id="before">Copy</button><div id="slot"></div></div>';
  panel = createPanel(document, () => {});
  document.getElementById('slot')?.append(panel.host);
  changes = 0;
  guard = guardPanel({
    host: panel.host,
    button: panel.button,
    win: page.win,
    now: page.now,
    onChange: () => changes++,
  });
}

const armed = () => page.advance(ARMING_MS);
const key = (target: EventTarget, k: string) =>
  target.dispatchEvent(
    trusted(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true })),
  );
/** What a key press on the focused button makes: a click with no pointer (detail 0). */
const keyboardClick = () => {
  key(panel.button, 'Enter');
  return guard.judge(trusted(new MouseEvent('click', { bubbles: true, composed: true, detail: 0 })));
};
/** The user's Tab: its keydown, then the focus change that is its default action. */
const tabTo = (el: HTMLElement) => {
  key(document.activeElement ?? document.body, 'Tab');
  el.focus();
};

afterEach(() => guard.stop());

describe('a press counts only once the panel has been there a moment', () => {
  beforeEach(() => show());

  it('is unavailable, then available once armed, and says so through onChange', () => {
    expect(guard.available()).toBe(false);
    expect(guard.judge(userClick())).toEqual({ ok: false, notice: IGNORED.early });
    page.advance(ARMING_MS - 1);
    expect(changes).toBe(0);
    page.advance(1);
    expect(changes).toBe(1);
    expect(guard.available()).toBe(true);
    expect(guard.judge(userClick())).toEqual({ ok: true });
  });

  it('ignores a page script’s click without a notice', () => {
    armed();
    expect(guard.judge(new MouseEvent('click', { detail: 1 }))).toEqual({ ok: false, notice: '' });
  });

  it('re-arms when the button arrives under a pointer that did not move', () => {
    armed();
    let box = new DOMRect(20, 0, 120, 30);
    panel.button.getBoundingClientRect = () => box;
    const pointer = (type: string, x: number, y: number, target: EventTarget = window) =>
      target.dispatchEvent(trusted(new PointerEvent(type, { clientX: x, clientY: y })));
    pointer('pointermove', 40, 12);
    // The user moving onto the button: pointerover reports a new position.
    pointer('pointerover', 41, 12, panel.button);
    expect(guard.judge(userClick(41, 12))).toEqual({ ok: true });
    // The page re-rendering what is under the still pointer: the button has not moved.
    pointer('pointermove', 41, 12);
    pointer('pointerover', 41, 12, panel.button);
    expect(guard.judge(userClick(41, 12))).toEqual({ ok: true });

    // The page moving the button under a still pointer.
    pointer('pointermove', 200, 300);
    box = new DOMRect(150, 285, 120, 30);
    pointer('pointerover', 200, 300, panel.button);
    expect(guard.available()).toBe(false);
    expect(guard.judge(userClick(200, 300))).toEqual({ ok: false, notice: IGNORED.early });
    armed();
    expect(guard.judge(userClick(200, 300))).toEqual({ ok: true });
  });
});

describe('the keyboard counts only when the user brought the focus', () => {
  beforeEach(() => {
    show();
    armed();
  });

  it('ignores Enter on a button the page focused, drops the focus, and says why', () => {
    panel.button.focus();
    expect(keyboardClick()).toEqual({ ok: false, notice: IGNORED.focus });
    expect(panel.host.shadowRoot?.activeElement).not.toBe(panel.button);
  });

  it('takes Enter after the user’s own Tab to the button', () => {
    (document.getElementById('before') as HTMLElement).focus();
    tabTo(panel.button);
    expect(keyboardClick()).toEqual({ ok: true });
  });

  it('refuses a Tab the page cancelled to put the focus on the button itself', () => {
    (document.getElementById('before') as HTMLElement).focus();
    document.addEventListener('keydown', (e) => e.preventDefault(), { once: true });
    tabTo(panel.button);
    expect(keyboardClick()).toEqual({ ok: false, notice: IGNORED.focus });
  });

  it('refuses a focus the page moves back after the user’s Tab went elsewhere', () => {
    key(document.body, 'Tab');
    (document.getElementById('before') as HTMLElement).focus(); // where the Tab took it
    panel.button.focus(); // the page's doing
    expect(keyboardClick()).toEqual({ ok: false, notice: IGNORED.focus });
  });

  it('takes a press of the mouse on the panel as the user’s own focus', () => {
    const title = panel.host.shadowRoot?.querySelector('.title') as HTMLElement;
    title.dispatchEvent(trusted(new PointerEvent('pointerdown', { bubbles: true, composed: true })));
    panel.button.focus();
    expect(keyboardClick()).toEqual({ ok: true });
  });

  it('does not take a press on the host’s own box (its ::before, which a page can stretch) as the user’s focus', () => {
    panel.host.dispatchEvent(trusted(new PointerEvent('pointerdown', { bubbles: true, composed: true })));
    panel.button.focus();
    expect(keyboardClick()).toEqual({ ok: false, notice: IGNORED.focus });
  });
});

describe('where the browser cannot report visibility (Firefox), the press is checked on the spot', () => {
  it('refuses a click while an ancestor fades or skews the panel, and takes it once it is plain again', () => {
    show();
    armed();
    const dialog = document.getElementById('dialog') as HTMLElement;
    for (const style of ['opacity: 0', 'opacity: 0.5', 'filter: blur(2px)', 'transform: skewX(20deg)']) {
      dialog.setAttribute('style', style);
      expect(guard.judge(userClick()), style).toEqual({ ok: false, notice: IGNORED.covered });
    }
    dialog.setAttribute('style', 'visibility: hidden');
    expect(guard.judge(userClick())).toEqual({ ok: false, notice: IGNORED.covered });
    // A dialog centred with translate(-50%, -50%), as a browser computes it.
    dialog.setAttribute('style', 'transform: matrix(1, 0, 0, 1, -240, -180)');
    expect(guard.judge(userClick())).toEqual({ ok: true });
  });

  it('refuses a click while the button itself is faded, not only the host or its ancestors', () => {
    show();
    armed();
    panel.button.setAttribute('style', 'opacity: 0');
    expect(guard.judge(userClick())).toEqual({ ok: false, notice: IGNORED.covered });
    panel.button.removeAttribute('style');
    expect(guard.judge(userClick())).toEqual({ ok: true });
  });

  it('refuses a click where another element is topmost at the point pressed', () => {
    let top: Element | null = null;
    show({ topmost: () => top ?? panel.host });
    armed();
    top = document.getElementById('before');
    expect(guard.judge(userClick())).toEqual({ ok: false, notice: IGNORED.covered });
    top = null;
    expect(guard.judge(userClick())).toEqual({ ok: true });
  });
});

describe('where the browser reports visibility (Chromium’s IntersectionObserver v2)', () => {
  beforeEach(() => show({ v2: true }));

  it('is unavailable until reported visible, and refuses clicks while reported covered', () => {
    armed();
    expect(guard.available()).toBe(false); // no report yet
    page.observer().report(true);
    expect(guard.available()).toBe(true);
    expect(guard.judge(userClick())).toEqual({ ok: true });

    page.observer().report(false);
    expect(guard.available()).toBe(false);
    expect(guard.judge(userClick())).toEqual({ ok: false, notice: IGNORED.covered });
  });

  it('re-arms when the page uncovers the panel', () => {
    armed();
    page.observer().report(false);
    page.observer().report(true);
    expect(guard.judge(userClick())).toEqual({ ok: false, notice: IGNORED.early });
    armed();
    expect(guard.judge(userClick())).toEqual({ ok: true });
  });

  it('stops observing when stopped', () => {
    guard.stop();
    expect(page.observer().targets).toEqual([]);
  });
});
