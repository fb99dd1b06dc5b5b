// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '@/entrypoints/popup/App';
import { FIRST_APPS, openEarly } from '@/entrypoints/popup/hooks/useVaultList';
import { CHANGED_NOTICE, LOCKED_NOTICE } from '@/utils/protocol/messages';
import type { AppSummary } from '@/utils/vault/types';
import { deferred } from './helpers/deferred';
import { API_KEY, credential, fakeBackground, weatherBot } from './helpers/popup';

const PASSPHRASE = 'correct horse battery staple 42';

/** A background with an unlocked vault holding `apps`. */
function unlocked(apps: AppSummary[] = [weatherBot()]) {
  const background = fakeBackground({
    'vault.status': () => ({ exists: true, locked: false }),
    // A new array each time, as a reply through the browser is.
    'vault.list': () => [...apps],
    'vault.lock': () => ({ exists: true, locked: true }),
    'credential.value': () => API_KEY,
    'clipboard.copied': () => ({ clearsInSeconds: 30 }),
  });
  return { background, apps };
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('opening the popup', () => {
  it('paints the loading line from its page, before any script, and its first render takes that line over', () => {
    const html = readFileSync(resolve(import.meta.dirname, '../../entrypoints/popup/index.html'), 'utf8');
    const painted = /<div id="app">(.*?)<\/div>/s.exec(html)?.[1] ?? '';
    const page = document.body.appendChild(document.createElement('div'));
    page.innerHTML = painted;
    const line = page.firstChild;
    expect(page.textContent).toBe('Opening OnceKey…');
    fakeBackground({ 'vault.status': () => new Promise(() => undefined) });
    render(<App />, { container: page });
    // The same element, once: Preact keeps it only if its first render draws the same.
    expect(page.childNodes).toHaveLength(1);
    expect(page.firstChild).toBe(line);
    expect(page.innerHTML).toBe(painted);
  });

  it('offers to create a vault on first run, and a restore that asks for a tab in the toolbar popup', async () => {
    const { openedTabs } = fakeBackground({ 'vault.status': () => ({ exists: false, locked: true }) });
    render(<App />);
    expect(await screen.findByRole('button', { name: 'Create vault' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open OnceKey in a tab to choose the file' }));
    expect(openedTabs).toHaveBeenCalledWith({ url: 'chrome-extension://test-extension-id/popup.html' });
  });

  it('creates the vault and shows the empty list', async () => {
    let exists = false;
    fakeBackground({
      'vault.status': () => ({ exists, locked: !exists }),
      'vault.list': () => [],
      'vault.create': () => {
        exists = true;
        return { exists, locked: false };
      },
    });
    render(<App />);
    fireEvent.input(await screen.findByLabelText('Passphrase'), { target: { value: PASSPHRASE } });
    fireEvent.input(screen.getByLabelText('Confirm passphrase'), { target: { value: PASSPHRASE } });
    fireEvent.click(screen.getByRole('button', { name: 'Create vault' }));
    expect(await screen.findByText('Nothing saved yet.')).toBeTruthy();
  });

  it('unlocks: a wrong passphrase is an alert, the right one shows the list', async () => {
    let locked = true;
    fakeBackground({
      'vault.status': () => ({ exists: true, locked }),
      'vault.list': () => (locked ? Promise.reject(new Error('Locked.')) : [weatherBot()]),
      'vault.unlock': ({ passphrase }) => {
        if (passphrase !== PASSPHRASE) throw new Error('Wrong passphrase.');
        locked = false;
        return { exists: true, locked };
      },
    });
    render(<App />);
    const field = await screen.findByLabelText('Passphrase');
    fireEvent.input(field, { target: { value: 'not it' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong passphrase.');
    fireEvent.input(field, { target: { value: PASSPHRASE } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByRole('region', { name: 'Weather Bot' })).toBeTruthy();
  });

  it('shows the locked screen with the reason when the vault cannot be read', async () => {
    fakeBackground({
      'vault.status': () => ({ exists: true, locked: false }),
      'vault.list': () => Promise.reject(new Error('The vault is damaged.')),
    });
    render(<App />);
    expect((await screen.findByRole('alert')).textContent).toBe('The vault is damaged.');
    expect(screen.getByRole('button', { name: 'Unlock' })).toBeTruthy();
  });
});

describe('the list follows the background', () => {
  it('shows a capture made on the portal, and the locked screen when the vault locks', async () => {
    const { background, apps } = unlocked();
    render(<App />);
    await screen.findByRole('region', { name: 'Weather Bot' });
    apps.push({ ...weatherBot(), id: 'a2', appName: 'Reply Guy', credentials: [credential('c9', 'bearerToken')] });
    await background.notify(CHANGED_NOTICE);
    expect(await screen.findByRole('region', { name: 'Reply Guy' })).toBeTruthy();
    await background.notify(LOCKED_NOTICE);
    expect(await screen.findByRole('button', { name: 'Unlock' })).toBeTruthy();
  });

  it('locks when the user presses Lock', async () => {
    const { background } = unlocked();
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Lock' }));
    background.handlers['vault.status'] = () => ({ exists: true, locked: true });
    expect(await screen.findByRole('button', { name: 'Unlock' })).toBeTruthy();
    expect(background.sent.map((m) => m.type)).toContain('vault.lock');
  });
});

describe('the list', () => {
  it('copies a value and says when the clipboard is cleared, or why it was not copied', async () => {
    const { background } = unlocked();
    localStorage.clear();
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Copy API Key' }));
    // The first copy also says what the clear cannot reach, once.
    expect(
      await screen.findByText(
        "Copied API Key. The clipboard is cleared in 30 s if it still holds it. Clipboard history tools (Windows' Win+V, macOS clipboard managers, KDE's Klipper…) keep their own copies, which OnceKey cannot clear.",
      ),
    ).toBeTruthy();
    expect(await navigator.clipboard.readText()).toBe(API_KEY);
    fireEvent.click(screen.getByRole('button', { name: 'Copy API Key' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'Copied API Key. The clipboard is cleared in 30 s if it still holds it.',
      ),
    );
    background.handlers['credential.value'] = () => Promise.reject(new Error('The vault is locked.'));
    fireEvent.click(screen.getByRole('button', { name: 'Copy API Key Secret' }));
    expect(await screen.findByText('Not copied: The vault is locked.')).toBeTruthy();
  });

  it('has the clear scheduled before the value reaches the clipboard, and copies nothing it could not schedule', async () => {
    const { background } = unlocked();
    await navigator.clipboard.writeText('my own note');
    background.handlers['clipboard.copied'] = () => Promise.reject(new Error('The vault is locked.'));
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Copy API Key' }));
    expect(await screen.findByText('Not copied: The vault is locked.')).toBeTruthy();
    expect(await navigator.clipboard.readText()).toBe('my own note');
  });

  it('hides a revealed value after ten seconds, and at once when the popup loses focus', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    unlocked();
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Reveal API Key' }));
    expect(await screen.findByText(API_KEY)).toBeTruthy();
    vi.advanceTimersByTime(10_000);
    await waitFor(() => expect(screen.queryByText(API_KEY)).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Reveal API Key' }));
    expect(await screen.findByText(API_KEY)).toBeTruthy();
    vi.advanceTimersByTime(100); // Preact runs effects after the next frame.
    window.dispatchEvent(new FocusEvent('blur'));
    await waitFor(() => expect(screen.queryByText(API_KEY)).toBeNull());
  });

  it('keeps the search while the user visits an App’s history', async () => {
    unlocked([weatherBot(), { ...weatherBot(), id: 'a2', appName: 'Reply Guy' }]);
    render(<App />);
    fireEvent.input(await screen.findByLabelText('Search'), { target: { value: 'weather' } });
    expect(screen.queryByRole('region', { name: 'Reply Guy' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'History for Weather Bot' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Back' }));
    expect((await screen.findByLabelText<HTMLInputElement>('Search')).value).toBe('weather');
    expect(screen.queryByRole('region', { name: 'Reply Guy' })).toBeNull();
    expect(within(screen.getByRole('region', { name: 'Weather Bot' })).getAllByRole('listitem')).toHaveLength(2);
  });
});

/**
 * The popup reads the list the background stored straight from storage.session, so that it
 * paints before a stopped service worker has started again (session.ts: readStoredHead).
 */
describe('opening on the stored list', () => {
  /** When the session began: the stored list is taken only in the session it was stored in. */
  const UNLOCKED_AT = Date.UTC(2026, 11, 1, 9);

  /** What the background keeps in storage.session while unlocked: the session's times, and its list's head. */
  async function storeList(apps: AppSummary[], { idleFor = 0, autoLockSeconds = 900, unlockedAt = UNLOCKED_AT } = {}) {
    await fakeBrowser.storage.session.set({
      'oncekey.activity': { unlockedAt: UNLOCKED_AT, lastActivityAt: Date.now() - idleFor },
      // The list's head, as the background stores it beside the whole list.
      'oncekey.listHead': {
        unlockedAt,
        autoLockSeconds,
        apps: JSON.stringify(apps.slice(0, FIRST_APPS)),
        count: apps.length,
      },
    });
  }

  /** A background whose answers wait until `answer()`; `apps` an Error: the list is refused with it. */
  function slowBackground(status: { exists: boolean; locked: boolean }, apps: AppSummary[] | Error) {
    const answered = deferred();
    fakeBackground({
      'vault.status': async () => {
        await answered.promise;
        return status;
      },
      'vault.list': async () => {
        await answered.promise;
        if (status.locked) throw new Error('The vault is locked: unlock it with your passphrase.');
        if (apps instanceof Error) throw apps;
        return [...apps];
      },
    });
    return answered.resolve;
  }

  const renamed = (name: string) => ({ ...weatherBot(), appName: name });

  /**
   * Weather Bot stored, the background's answer held back: the stored list is painted first;
   * then the answer is given (`status`, the list or its refusal).
   */
  async function paintStoredThenAnswer(status: { exists: boolean; locked: boolean }, apps: AppSummary[] | Error) {
    const answer = slowBackground(status, apps);
    await storeList([weatherBot()]);
    render(<App />);
    expect(await screen.findByRole('region', { name: 'Weather Bot' })).toBeTruthy();
    answer();
  }

  it('paints the stored list before the background answers, then shows the background’s', async () => {
    await paintStoredThenAnswer({ exists: true, locked: false }, [renamed('Weather Bot, renamed')]);
    expect(await screen.findByRole('region', { name: 'Weather Bot, renamed' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Weather Bot' })).toBeNull();
  });

  it('turns to the locked screen, the names gone, when the background says the vault is locked', async () => {
    await paintStoredThenAnswer({ exists: true, locked: true }, []);
    expect(await screen.findByRole('button', { name: 'Unlock' })).toBeTruthy();
    expect(document.body.textContent).not.toContain('Weather Bot');
  });

  it('shows no stored list idle past the auto-lock timeout, or stored in another session: it waits for the background', async () => {
    // 899 s of 900: the popup leaves the background 2 s, as it reads the clock first.
    for (const stored of [{ idleFor: 899_000 }, { unlockedAt: UNLOCKED_AT - 60_000 }]) {
      const answer = slowBackground({ exists: true, locked: true }, []);
      await storeList([weatherBot()], stored);
      render(<App />);
      expect(await screen.findByText('Opening OnceKey…')).toBeTruthy();
      // Long enough for the stored list to have been read and painted, had it been taken.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(document.body.textContent).not.toContain('Weather Bot');
      answer();
      expect(await screen.findByRole('button', { name: 'Unlock' })).toBeTruthy();
      cleanup();
    }
  });

  it('shows the locked screen when the background had said locked before the page rendered', async () => {
    fakeBackground({
      'vault.status': () => ({ exists: true, locked: true }),
      'vault.list': () => Promise.reject(new Error('The vault is locked: unlock it with your passphrase.')),
    });
    await storeList([weatherBot()]);
    // As main.tsx does: asked before the first render; here both answers are in before it.
    openEarly();
    await new Promise((resolve) => setTimeout(resolve, 50));
    render(<App />);
    expect(await screen.findByRole('button', { name: 'Unlock' })).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('button', { name: 'Unlock' })).toBeTruthy();
    expect(document.body.textContent).not.toContain('Weather Bot');
  });

  it('shows the first-run screen when the background says there is no vault', async () => {
    await paintStoredThenAnswer({ exists: false, locked: true }, []);
    expect(await screen.findByRole('button', { name: 'Create vault' })).toBeTruthy();
  });

  it('says why, on the locked screen, when the background refuses the list after the stored one was painted', async () => {
    await paintStoredThenAnswer({ exists: true, locked: false }, new Error('The vault is damaged.'));
    expect((await screen.findByRole('alert')).textContent).toContain('The vault is damaged.');
    expect(screen.getByRole('button', { name: 'Unlock' })).toBeTruthy();
    expect(document.body.textContent).not.toContain('Weather Bot');
  });

  it('a big stored list never replaces the background’s answer, whichever comes first', async () => {
    const named = (prefix: string) =>
      Array.from({ length: 20 }, (_, i) => ({ ...weatherBot(), id: `a${i}`, appName: `${prefix}-${i}` }));
    fakeBackground({
      'vault.status': () => ({ exists: true, locked: false }),
      'vault.list': ({ first }) => named('answered').slice(0, first),
    });
    await storeList(named('stored'));
    render(<App />);
    expect(await screen.findByRole('region', { name: 'answered-0' })).toBeTruthy();
    // Past the frame after which the rest of a stored list would be shown.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(document.body.textContent).not.toContain('stored-');
    expect(screen.getByRole('region', { name: 'answered-19' })).toBeTruthy();
  });

  it('an answer in before the page renders is shown, and the stored list never is', async () => {
    const named = (prefix: string) => [{ ...weatherBot(), appName: `${prefix} Bot` }];
    fakeBackground({
      'vault.status': () => ({ exists: true, locked: false }),
      'vault.list': () => named('Answered'),
    });
    await storeList(named('Stored'));
    openEarly();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const seen: string[] = [];
    const observer = new MutationObserver(() => seen.push(document.body.textContent ?? ''));
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    render(<App />);
    expect(await screen.findByRole('region', { name: 'Answered Bot' })).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    observer.disconnect();
    expect(seen.some((text) => text.includes('Stored Bot'))).toBe(false);
  });
});
