// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { activityLines, HistoryView } from '@/components/HistoryView';
import { App } from '@/entrypoints/popup/App';
import { FIRST_APPS } from '@/entrypoints/popup/hooks/useVaultList';
import { isFromBackground } from '@/entrypoints/popup/lib/from-background';
import { CHANGED_NOTICE, LOCKED_NOTICE } from '@/utils/protocol/messages';
import type { AppSummary } from '@/utils/vault/types';
import { credential, fakeBackground, NOW, SETTINGS, weatherBot } from './helpers/popup';

const PASSPHRASE = 'correct horse battery staple 42';

/** An unlocked vault holding `apps`, with `more` answers. */
function unlocked(apps: AppSummary[] = [weatherBot()], more: Parameters<typeof fakeBackground>[0] = {}) {
  return fakeBackground({
    'vault.status': () => ({ exists: true, locked: false }),
    'vault.list': () => apps.map((app) => ({ ...app })),
    'app.events': () => [],
    ...more,
  });
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('notices to the popup', () => {
  const BASE = 'chrome-extension://oncekeyid/';

  it('are taken only from the background: the extension’s own id and URL, no tab', () => {
    expect(isFromBackground({ id: 'oncekeyid', url: `${BASE}background.js` }, 'oncekeyid', BASE)).toBe(true);
    expect(
      isFromBackground(
        { id: 'oncekeyid', url: `${BASE}background.js`, origin: 'chrome-extension://oncekeyid' },
        'oncekeyid',
        BASE,
      ),
    ).toBe(true);
    // OnceKey's own content script: the same id, but a tab and the portal's URL.
    const portal = 'https://developer.x.com/en/portal/dashboard';
    expect(isFromBackground({ id: 'oncekeyid', url: portal, tab: { id: 3 } }, 'oncekeyid', BASE)).toBe(false);
    expect(isFromBackground({ id: 'oncekeyid', url: `${BASE}background.js`, tab: { id: 3 } }, 'oncekeyid', BASE)).toBe(
      false,
    );
    expect(
      isFromBackground({ id: 'otherid', url: 'chrome-extension://otherid/background.js' }, 'oncekeyid', BASE),
    ).toBe(false);
    expect(
      isFromBackground(
        { id: 'oncekeyid', url: `${BASE}background.js`, origin: 'https://evil.example' },
        'oncekeyid',
        BASE,
      ),
    ).toBe(false);
    expect(isFromBackground({ id: 'oncekeyid' }, 'oncekeyid', BASE)).toBe(false);
    expect(isFromBackground(undefined, 'oncekeyid', BASE)).toBe(false);
  });

  it('from a content script neither make the popup read the vault again nor lock it', async () => {
    const background = unlocked();
    render(<App />);
    await screen.findByRole('region', { name: 'Weather Bot' });
    const reads = () => background.sent.filter((m) => m.type === 'vault.list').length;
    const before = reads();
    const contentScript = {
      id: fakeBrowser.runtime.id,
      url: 'https://developer.x.com/en/portal/dashboard',
      tab: { id: 4 },
    };
    for (let i = 0; i < 5; i++) await background.notifyFrom(CHANGED_NOTICE, contentScript);
    await background.notifyFrom(LOCKED_NOTICE, contentScript);
    expect(reads()).toBe(before);
    expect(screen.queryByRole('button', { name: 'Unlock' })).toBeNull();
  });

  it('from the background make it read again passively: that read is not the user’s activity', async () => {
    const background = unlocked();
    render(<App />);
    await screen.findByRole('region', { name: 'Weather Bot' });
    await background.notify(CHANGED_NOTICE);
    await waitFor(() => expect(background.sent.at(-1)).toEqual({ type: 'vault.list', payload: { passive: true } }));
    // The reads the user causes (opening the popup) are not passive.
    expect(background.sent.find((m) => m.type === 'vault.list')?.payload).toEqual({ first: FIRST_APPS });
  });
});

describe('captures saved while locked that could not be opened', () => {
  const TEXT = '2 captures saved while locked could not be opened: this profile may have been tampered with.';

  it('are reported until dismissed, and again only when more appear', async () => {
    let unopened = 2;
    unlocked([weatherBot()], { 'vault.status': () => ({ exists: true, locked: false, unopened }) });
    const first = render(<App />);
    expect(await screen.findByText(TEXT)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(TEXT)).toBeNull();
    first.unmount();

    // The popup opens again: still dismissed.
    const second = render(<App />);
    await screen.findByRole('region', { name: 'Weather Bot' });
    expect(screen.queryByText(TEXT)).toBeNull();
    second.unmount();

    unopened = 3;
    render(<App />);
    expect(
      await screen.findByText(
        '3 captures saved while locked could not be opened: this profile may have been tampered with.',
      ),
    ).toBeTruthy();
  });

  it('can be deleted, after a confirmation', async () => {
    let unopened = 2;
    const background = unlocked([weatherBot()], {
      'vault.status': () => ({ exists: true, locked: false, ...(unopened ? { unopened } : {}) }),
      'inbox.discard': () => {
        const deleted = unopened;
        unopened = 0;
        return { deleted };
      },
    });
    render(<App />);
    const warning = await screen.findByRole('region', { name: 'Captures that could not be opened' });
    fireEvent.click(within(warning).getByRole('button', { name: 'Delete them' }));
    expect(background.sent.some((m) => m.type === 'inbox.discard')).toBe(false);
    fireEvent.click(within(warning).getByRole('button', { name: 'Confirm: delete all 2' }));
    expect(await screen.findByText('Deleted 2 captures that could not be opened.')).toBeTruthy();
    expect(screen.queryByText(TEXT)).toBeNull();
  });
});

describe('unlocking a profile whose public key was swapped', () => {
  it('tells the user the key was repaired', async () => {
    let locked = true;
    fakeBackground({
      'vault.status': () => ({ exists: true, locked }),
      'vault.list': () => (locked ? Promise.reject(new Error('Locked.')) : [weatherBot()]),
      'vault.unlock': () => {
        locked = false;
        return { exists: true, locked: false, keyRepaired: true };
      },
    });
    render(<App />);
    fireEvent.input(await screen.findByLabelText('Passphrase'), { target: { value: PASSPHRASE } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByRole('region', { name: 'Weather Bot' });
    expect(screen.getByRole('status').textContent).toMatch(
      /^OnceKey's public key on disk had been changed: it is repaired/,
    );
  });
});

describe('History: regenerations and making a version current again', () => {
  const app: AppSummary = {
    ...weatherBot(),
    credentials: [
      credential('c3', 'apiKey', { version: 2 }),
      credential('c1', 'apiKey', { status: 'superseded', supersededAt: NOW - 3_600_000 }),
    ],
    regenerations: [{ startedAt: Date.UTC(2026, 10, 22, 9, 30), kinds: ['apiKeySecret', 'apiKey'] }],
  };

  it('shows a regeneration that never showed new values as pending, its versions current', () => {
    render(<HistoryView app={app} now={NOW} onBack={() => {}} />);
    expect(
      screen.getByText(
        'Regeneration started on 2026-11-22 09:30 UTC; no new values seen for API Key and API Key Secret. Its versions below stay current.',
      ),
    ).toBeTruthy();
  });

  it('makes a superseded version current again after a confirmation, and says so', async () => {
    const background = unlocked([app], { 'credential.makeCurrent': () => null });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'History for Weather Bot' }));
    expect(screen.queryByRole('button', { name: 'Make API Key v2 current again' })).toBeNull();
    fireEvent.click(await screen.findByRole('button', { name: 'Make API Key v1 current again' }));
    expect(background.sent.some((m) => m.type === 'credential.makeCurrent')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Confirm: make API Key v1 current again' }));
    expect(await screen.findByText('API Key v1 is current again.')).toBeTruthy();
    expect(background.sent.find((m) => m.type === 'credential.makeCurrent')?.payload).toEqual({ id: 'c1' });
  });

  it('lists a version made current again, and one retired by new values seen on the portal', () => {
    expect(
      activityLines([
        { at: NOW, type: 'restored', kind: 'apiKey', version: 1 },
        { at: NOW - 1, type: 'superseded', kind: 'apiKey', version: 1 },
      ]).map((line) => line.text),
    ).toEqual([
      'made API Key v1 current again',
      'API Key v1 superseded: its regeneration’s new values were shown on the portal',
    ]);
  });
});

describe('Settings', () => {
  const answers = {
    'settings.get': () => SETTINGS,
    'vault.kdf': () => ({ memoryKiB: 65536, iterations: 3, parallelism: 4, preset: 'standard' as const }),
    'kdf.estimate': () => ({ standard: 400, strong: 900, strongest: 2100 }),
  };

  it('says beside the clipboard delay that clipboard-history tools keep their own copies', async () => {
    unlocked([weatherBot()], answers);
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    expect(await screen.findByText(/^Clipboard history tools \(Windows' Win\+V/)).toBeTruthy();
  });

  it('re-encrypts everything under a new passphrase, saying what it does and cannot undo', async () => {
    const background = unlocked([weatherBot()], { ...answers, 'vault.rekey': () => null });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    const form = await screen.findByRole('form', { name: 'Re-encrypt everything' });
    expect(form.textContent).toContain(
      'an old copy of the profile or an old backup still opens with the old passphrase',
    );
    const next = 'a brand new horse battery staple 9';
    fireEvent.input(within(form).getByLabelText('Passphrase now'), { target: { value: PASSPHRASE } });
    fireEvent.input(within(form).getByLabelText('New passphrase for the re-encrypted vault'), {
      target: { value: next },
    });
    const button = within(form).getByRole('button', { name: 'Change passphrase and re-encrypt everything' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    fireEvent.input(within(form).getByLabelText('Confirm the new passphrase'), { target: { value: next } });
    fireEvent.click(button);
    expect(await screen.findByText(/^Everything is re-encrypted under a new key\./)).toBeTruthy();
    expect(background.sent.find((m) => m.type === 'vault.rekey')?.payload).toEqual({
      oldPassphrase: PASSPHRASE,
      newPassphrase: next,
    });
  });
});
