// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FilingPreview, filesUnder } from '@/entrypoints/portal.content/capture';
import type { PortalChannel } from '@/entrypoints/portal.content/channel';
import { ARMING_MS, IGNORED } from '@/entrypoints/portal.content/guard';
import { startCapture } from '@/entrypoints/portal.content/start-capture';
import type { Detection } from '@/utils/portal/detect';
import { deferred } from './helpers/deferred';
import { requestedRoots, type TestPage, testPage, trusted, userClick } from './helpers/portal-page';

const KEYS_URL = 'https://developer.x.com/en/portal/projects/1529384756102938475/apps/29384756/keys';
const KEY = 'Gh5Jk8Lm2Np4Qr6St8Uv0Wx2Y';
const SECRET = 'Ab1Cd3Ef5Gh7Ij9Kl1Mn3Op5Qr7St9Uv1Wx3Yz5Ab7Cd9Ef1Gh';
const PAGE = `<nav><a href="/en/portal/projects/1529384756102938475/apps/29384756">trend-watcher</a></nav><main></main>`;
const MODAL = `<div role="dialog" aria-modal="true"><h2>API Key and Secret</h2>
  <p>API Key</p><p>${KEY}</p><p>API Key Secret</p><p>${SECRET}</p><button>Yes, I saved them</button></div>`;

const panel = () => document.querySelector('[data-oncekey="panel"]')?.shadowRoot ?? null;
const button = () => panel()?.querySelector('button') as HTMLButtonElement;
const text = (selector: string) => panel()?.querySelector(selector)?.textContent ?? '';
/** Lets the watcher's MutationObserver callback run; no frame passes. */
const settle = () => Promise.resolve();

/** A background that files every capture, with `overrides` for the messages a test varies. */
function channel(overrides: Partial<PortalChannel> = {}) {
  const submit = vi.fn(async (_capture: Parameters<PortalChannel['submit']>[0]) => ({ saved: 'filed' as const }));
  const regenerated = vi.fn(async (_regeneration: Parameters<PortalChannel['regenerated']>[0]) => null);
  const preview = vi.fn(async (_filing: Parameters<PortalChannel['preview']>[0]) => ({ known: false, replaces: [] }));
  const seen = vi.fn(async (_filing: Parameters<PortalChannel['seen']>[0]) => null);
  const permission = vi.fn(async (_reading: Parameters<PortalChannel['permission']>[0]) => null);
  return {
    portal: { submit, regenerated, preview, seen, permission, ...overrides } as PortalChannel,
    submit,
    regenerated,
    seen,
    permission,
  };
}

let page: TestPage;
let stop: (() => void) | undefined;
function start({ portal }: { portal: PortalChannel }) {
  startCapture({
    doc: document,
    win: page.win,
    url: () => KEYS_URL,
    channel: portal,
    now: page.now,
    onStop: (s) => (stop = s),
  });
}

/**
 * The portal showing the dialog, and the user's press on the panel, with the background's
 * answer held back: `settleSave` gives it, saved or failed as `outcome` says.
 */
async function pressWithAnswerHeld(outcome: 'saved' | 'failed') {
  document.body.innerHTML = PAGE;
  const answer = deferred<{ saved: 'filed' }>();
  const submit = vi.fn(() => answer.promise);
  stop?.();
  start(channel({ submit }));
  document.body.insertAdjacentHTML('beforeend', MODAL);
  await settle();
  page.advance(ARMING_MS);
  button().dispatchEvent(userClick());
  await settle();
  expect(submit).toHaveBeenCalledTimes(1);
  const settleSave = () =>
    outcome === 'saved' ? answer.resolve({ saved: 'filed' }) : answer.reject(new Error('The vault is busy.'));
  return { submit, settleSave };
}

beforeEach(() => {
  page = testPage();
  document.body.innerHTML = PAGE;
});
afterEach(() => {
  stop?.();
  document.body.innerHTML = '';
});

describe('the panel beside values shown once', () => {
  it('is in the page as soon as the values are, inside their dialog, with masked previews only', async () => {
    start(channel());
    expect(panel()).toBeNull();
    document.body.insertAdjacentHTML('beforeend', MODAL);
    await settle();
    expect(document.querySelector('[role="dialog"]')?.lastElementChild?.getAttribute('data-oncekey')).toBe('panel');
    expect(panel()?.querySelector('section')?.getAttribute('aria-label')).toBe('OnceKey');
    expect(text('ul')).toContain('API Key Gh5J…Wx2Y');
    expect(text('section')).not.toContain(KEY);
    expect(text('section')).not.toContain(SECRET);
    expect(button().textContent).toBe('Save to OnceKey (2 credentials)');
    expect(text('.filing')).toBe('Files under “trend-watcher” (App 29384756)');
  });

  it('keeps the panel in a closed shadow root, which no script on the page can reach', async () => {
    start(channel());
    document.body.insertAdjacentHTML('beforeend', MODAL);
    await settle();
    const host = document.querySelector('[data-oncekey="panel"]');
    expect(host && requestedRoots.get(host)).toEqual({ mode: 'closed', delegatesFocus: true });
  });

  it('keeps a keyboard user’s focus in the panel, on what it says, once the button is gone', async () => {
    start(channel());
    document.body.insertAdjacentHTML('beforeend', MODAL);
    await settle();
    page.advance(ARMING_MS);
    const key = (target: EventTarget, k: string) =>
      target.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true })));
    // The user's Tab to the button, then Enter: a click with no pointer.
    key(document.body, 'Tab');
    button().focus();
    key(button(), 'Enter');
    button().dispatchEvent(trusted(new MouseEvent('click', { bubbles: true, composed: true, detail: 0 })));
    await vi.waitFor(() => expect(text('[role="status"]')).toBe('Saved to OnceKey: API Key, API Key Secret.'));
    expect(button().hidden).toBe(true);
    expect(panel()?.activeElement).toBe(panel()?.querySelector('[role="status"]'));
  });

  it('saves on the user’s click once armed, says where, and offers the same values again as saved', async () => {
    const portal = channel();
    start(portal);
    document.body.insertAdjacentHTML('beforeend', MODAL);
    await settle();
    expect(button().getAttribute('aria-disabled')).toBe('true');
    page.advance(ARMING_MS);
    expect(button().hasAttribute('aria-disabled')).toBe(false);

    button().dispatchEvent(userClick());
    await vi.waitFor(() => expect(text('[role="status"]')).toBe('Saved to OnceKey: API Key, API Key Secret.'));
    expect(portal.submit).toHaveBeenCalledTimes(1);
    expect(portal.submit.mock.calls[0]?.[0]).toMatchObject({
      host: 'developer.x.com',
      appId: '29384756',
      appName: 'trend-watcher',
      credentials: [
        { kind: 'apiKey', value: KEY },
        { kind: 'apiKeySecret', value: SECRET },
      ],
    });
    expect(button().hidden).toBe(true);

    // The portal shows the dialog again: nothing new to save.
    document.querySelector('[role="dialog"]')?.remove();
    await settle();
    expect(panel()).toBeNull();
    document.body.insertAdjacentHTML('beforeend', MODAL);
    await settle();
    expect(text('[role="status"]')).toBe('Already saved to OnceKey.');
  });

  it('comes back when the page re-renders the dialog with the same values, or drops the panel alone', async () => {
    const portal = channel();
    start(portal);
    document.body.insertAdjacentHTML('beforeend', MODAL);
    await settle();
    const dialog = () => document.querySelector('[role="dialog"]');
    expect(dialog()?.lastElementChild?.getAttribute('data-oncekey')).toBe('panel');

    // A framework re-renders the dialog: a new node with the same values, without the panel.
    dialog()?.replaceWith(document.createRange().createContextualFragment(MODAL));
    await settle();
    expect(dialog()?.lastElementChild?.getAttribute('data-oncekey')).toBe('panel');
    expect(document.querySelectorAll('[data-oncekey="panel"]')).toHaveLength(1);

    document.querySelector('[data-oncekey="panel"]')?.remove();
    await settle();
    expect(dialog()?.lastElementChild?.getAttribute('data-oncekey')).toBe('panel');
    expect(document.querySelectorAll('[data-oncekey="panel"]')).toHaveLength(1);
    expect(text('.filing')).toBe('Files under “trend-watcher” (App 29384756)');

    page.advance(ARMING_MS);
    button().dispatchEvent(userClick());
    await vi.waitFor(() => expect(portal.submit).toHaveBeenCalledTimes(1));
  });

  it('tells the outcome of a save under way on the panel a re-render put up meanwhile', async () => {
    for (const outcome of ['saved', 'failed'] as const) {
      const { submit, settleSave } = await pressWithAnswerHeld(outcome);

      // The portal re-renders the dialog while OnceKey is saving: a new panel beside the same values.
      document.querySelector('[role="dialog"]')?.replaceWith(document.createRange().createContextualFragment(MODAL));
      await settle();
      expect(document.querySelectorAll('[data-oncekey="panel"]')).toHaveLength(1);
      // It waits for that save rather than offering the values again.
      expect(button().disabled).toBe(true);
      page.advance(ARMING_MS);
      button().dispatchEvent(userClick());

      settleSave();
      if (outcome === 'saved') {
        await vi.waitFor(() => expect(text('[role="status"]')).toBe('Saved to OnceKey: API Key, API Key Secret.'));
        expect(button().hidden).toBe(true);
      } else {
        await vi.waitFor(() => expect(text('[role="alert"]')).toBe('Not saved: The vault is busy.'));
        // Offered again, for the user to press once more.
        expect(button().disabled).toBe(false);
        expect(button().hidden).toBe(false);
      }
      expect(submit).toHaveBeenCalledTimes(1);
    }
  });

  it('tells how a save went on the panel of the dialog shown again after it ended', async () => {
    for (const outcome of ['saved', 'failed'] as const) {
      const { submit, settleSave } = await pressWithAnswerHeld(outcome);
      // The dialog goes while OnceKey is saving, and the save ends with no panel on display.
      document.querySelector('[role="dialog"]')?.remove();
      await settle();
      expect(panel()).toBeNull();
      settleSave();
      // Every step of the save's ending runs before the dialog comes back.
      await new Promise((resolve) => setTimeout(resolve, 0));

      // The portal shows the same values again.
      document.body.insertAdjacentHTML('beforeend', MODAL);
      await settle();
      if (outcome === 'saved') {
        await vi.waitFor(() => expect(text('[role="status"]')).toBe('Already saved to OnceKey.'));
        expect(button().hidden).toBe(true);
      } else {
        await vi.waitFor(() => expect(text('[role="alert"]')).toBe('Not saved: The vault is busy.'));
        // Offered again: the user's press saves them.
        expect(button().disabled).toBe(false);
        page.advance(ARMING_MS);
        button().dispatchEvent(userClick());
        await vi.waitFor(() => expect(submit).toHaveBeenCalledTimes(2));
      }
    }
  });

  it('ignores a click the page makes, without a word', async () => {
    const portal = channel();
    start(portal);
    document.body.insertAdjacentHTML('beforeend', MODAL);
    await settle();
    page.advance(ARMING_MS);
    button().click();
    button().dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
    await settle();
    expect(portal.submit).not.toHaveBeenCalled();
    expect(text('[role="status"]')).toBe('');
  });

  it('ignores a click that comes as the panel appears, and says so', async () => {
    const portal = channel();
    start(portal);
    document.body.insertAdjacentHTML('beforeend', MODAL);
    await settle();
    page.advance(ARMING_MS - 100);
    button().dispatchEvent(userClick());
    await settle();
    expect(portal.submit).not.toHaveBeenCalled();
    expect(text('[role="status"]')).toBe(IGNORED.early);

    page.advance(100);
    button().dispatchEvent(userClick());
    await vi.waitFor(() => expect(text('[role="status"]')).toContain('Saved to OnceKey'));
  });

  it('shows the background’s refusal as an alert and keeps the button', async () => {
    start(channel({ submit: vi.fn(async () => Promise.reject(new Error('Too many captures from this tab.'))) }));
    document.body.insertAdjacentHTML('beforeend', MODAL);
    await settle();
    page.advance(ARMING_MS);
    button().dispatchEvent(userClick());
    await vi.waitFor(() => expect(text('[role="alert"]')).toBe('Not saved: Too many captures from this tab.'));
    expect(button().hidden).toBe(false);
    expect(button().disabled).toBe(false);
  });

  it('names what each value replaces once the background answers, without waiting for it to show', async () => {
    let answer: (preview: FilingPreview) => void = () => {};
    const preview = vi.fn(() => new Promise<FilingPreview>((resolve) => (answer = resolve)));
    start(channel({ preview }));
    document.body.insertAdjacentHTML('beforeend', MODAL);
    await settle();
    expect(button()).toBeTruthy();
    expect(preview).toHaveBeenCalledWith({
      host: 'developer.x.com',
      appId: '29384756',
      kinds: ['apiKey', 'apiKeySecret'],
    });
    expect(text('ul')).not.toContain('replaces');

    answer({ known: true, replaces: [{ kind: 'apiKey', savedAt: new Date(2026, 10, 2, 9, 30).getTime() }] });
    await vi.waitFor(() => expect(text('ul')).toContain('replaces the API Key saved 2026-11-02'));
    expect(text('li:last-child')).not.toContain('replaces');
    expect(text('.filing')).toBe('Files under “trend-watcher” (App 29384756)');
  });

  it('says when the App is new to OnceKey', async () => {
    start(channel({ preview: async () => ({ known: false, replaces: [] }) }));
    document.body.insertAdjacentHTML('beforeend', MODAL);
    await vi.waitFor(() => expect(text('.filing')).toBe('Files under “trend-watcher” (App 29384756), new to OnceKey'));
  });

  it('goes when the values go, and nothing is left listening after stop', async () => {
    const portal = channel();
    start(portal);
    document.body.insertAdjacentHTML('beforeend', MODAL);
    await settle();
    stop?.();
    stop = undefined;
    expect(panel()).toBeNull();
    document.querySelector('[role="dialog"]')?.remove();
    document.body.insertAdjacentHTML('beforeend', MODAL);
    await settle();
    expect(panel()).toBeNull();
  });
});

describe('a regeneration the user confirms', () => {
  it('is reported with the pair it replaces, on the user’s click only', async () => {
    const portal = channel();
    start(portal);
    document.body.insertAdjacentHTML(
      'beforeend',
      '<div role="dialog"><h2>Regenerate API Key and Secret?</h2><button>Yes, regenerate</button></div>',
    );
    const confirm = document.querySelector('[role="dialog"] button') as HTMLButtonElement;
    confirm.click();
    expect(portal.regenerated).not.toHaveBeenCalled();
    confirm.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true })));
    expect(portal.regenerated).toHaveBeenCalledWith(
      expect.objectContaining({ host: 'developer.x.com', appId: '29384756', kinds: ['apiKey', 'apiKeySecret'] }),
    );
  });
});

describe('the App the panel says it files under', () => {
  const detection = (context: Partial<Detection['context']>): Detection => ({
    context: { host: 'console.x.com', page: 'other', ...context },
    credentials: [],
  });

  it('names the App and its id as the page shows them, or says a new App is made', () => {
    expect(filesUnder(detection({ appName: 'my-bot', appId: '28000001' }))).toBe('Files under “my-bot” (App 28000001)');
    expect(filesUnder(detection({ appName: 'my-bot' }))).toBe('Files under “my-bot”');
    expect(filesUnder(detection({ appId: '28000001' }))).toBe('Files under App 28000001');
    expect(filesUnder(detection({ projectName: 'Default project-1468091287391821824' }))).toBe(
      'Files under a new App in “Default project-1468091287391821824”',
    );
    expect(filesUnder(detection({}))).toBe('Files under a new App');
  });

  it('says an App is new to OnceKey only when the page gives its id: by name alone, saving may add to one it has', () => {
    const unknown: FilingPreview = { known: false, replaces: [] };
    expect(filesUnder(detection({ appName: 'my-bot', appId: '28000001' }), unknown)).toBe(
      'Files under “my-bot” (App 28000001), new to OnceKey',
    );
    expect(filesUnder(detection({ appName: 'my-bot' }), unknown)).toBe('Files under “my-bot”');
  });
});
