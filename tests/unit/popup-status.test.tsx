// @vitest-environment happy-dom
// The popup's one status line: what it says after each action, and what it stops saying when
// the vault locks. And the Settings forms that take passphrases: emptied once they are used.
import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '@/entrypoints/popup/App';
import { REPEAT_GAP_MS, useStatus } from '@/entrypoints/popup/hooks/useStatus';
import { CLIPBOARD_HISTORY } from '@/entrypoints/popup/lib/wording';
import { LOCKED_NOTICE } from '@/utils/protocol/messages';
import type { AppSummary } from '@/utils/vault/types';
import { API_KEY, fakeBackground, SETTINGS, weatherBot } from './helpers/popup';

const OLD = 'old horse battery staple';
const NEW = 'a much newer horse battery staple 7';
const WRONG = 'That passphrase does not open this vault.';

/** An unlocked vault with Weather Bot, whose deletions go to a trash that the lock empties. */
function vault() {
  const apps: AppSummary[] = [weatherBot()];
  let locked = false;
  const trash = new Set<string>();
  const lock = () => {
    locked = true;
    trash.clear();
  };
  const background = fakeBackground({
    'vault.status': () => ({ exists: true, locked }),
    'vault.list': () => (locked ? Promise.reject(new Error('Locked.')) : apps.map((a) => ({ ...a }))),
    'app.events': () => [],
    'vault.lock': () => {
      lock();
      return { exists: true, locked };
    },
    'vault.unlock': () => {
      locked = false;
      return { exists: true, locked };
    },
    'app.delete': () => {
      apps.splice(0, 1);
      trash.add('app');
      return { undoId: 'app' };
    },
    'credential.delete': ({ id }) => {
      apps[0] = { ...weatherBot(), credentials: weatherBot().credentials.filter((c) => c.id !== id) };
      trash.add('version');
      return { undoId: 'version' };
    },
    'delete.undo': ({ undoId }) => {
      if (!trash.has(undoId)) throw new Error('Too late to undo: the deletion is final.');
      trash.delete(undoId);
      apps.splice(0, apps.length, weatherBot());
      return null;
    },
    'credential.value': () => API_KEY,
    'clipboard.copied': () => ({ clearsInSeconds: 30 }),
    'credential.rotateBy': () => null,
    'settings.get': () => SETTINGS,
    'settings.set': (changes) => ({ ...SETTINGS, ...changes }) as typeof SETTINGS,
    'vault.kdf': () => ({ memoryKiB: 65536, iterations: 3, parallelism: 4, preset: 'standard' as const }),
    'kdf.estimate': () => ({ standard: 400, strong: 900, strongest: 2100 }),
    'vault.changePassphrase': ({ oldPassphrase }) => {
      if (oldPassphrase !== OLD) throw new Error(WRONG);
      return null;
    },
    'vault.rekey': ({ oldPassphrase }) => {
      if (oldPassphrase !== OLD) throw new Error(WRONG);
      return null;
    },
  });
  return { background, lock };
}

const sent = (background: ReturnType<typeof vault>['background'], type: string) =>
  background.sent.filter((m) => m.type === type).length;

async function deleteSecretV1() {
  fireEvent.click(await screen.findByRole('button', { name: 'History for Weather Bot' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Delete API Key Secret v1' }));
  fireEvent.click(screen.getByRole('button', { name: 'Confirm: delete API Key Secret v1' }));
  expect(await screen.findByText('Deleted API Key Secret v1.')).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Undo' })).toBeTruthy();
}

function fill(label: string, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

/** Settings → Change passphrase, from `current` to NEW. */
function changePassphrase(current: string) {
  fill('Current passphrase', current);
  fill('New passphrase', NEW);
  fill('Confirm new passphrase', NEW);
  fireEvent.click(screen.getByRole('button', { name: 'Change passphrase' }));
}

const fieldValue = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('the status line', () => {
  it("shows a failed action's error even when the last action left a notice", async () => {
    vault();
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    fireEvent.change(await screen.findByLabelText('Lock after idle'), { target: { value: '300' } });
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    changePassphrase('not the passphrase');
    expect(await screen.findByText(WRONG)).toBeTruthy();
    expect(screen.queryByText('Settings saved.')).toBeNull();
  });

  it('offers Undo only beside the deletion it undoes, not beside what a later action says', async () => {
    const { background } = vault();
    render(<App />);
    await deleteSecretV1();
    fill('Rotate API Key by', '2027-01-01');
    fireEvent.click(screen.getByRole('button', { name: 'Set date' }));
    await screen.findByText(/rotate by 2027-01-01/);
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(sent(background, 'delete.undo')).toBe(0);
  });

  it('forgets an Undo and an error when the vault locks, by the Lock button or by itself', async () => {
    const { background, lock } = vault();
    render(<App />);
    await deleteSecretV1();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Lock' }));
    await screen.findByLabelText('Passphrase');
    fill('Passphrase', OLD);
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByRole('region', { name: 'Weather Bot' });
    // The lock made the deletion final: no Undo that could only fail.
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(screen.queryByText('Deleted API Key Secret v1.')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await screen.findByLabelText('Current passphrase');
    changePassphrase('not the passphrase');
    expect(await screen.findByText(WRONG)).toBeTruthy();
    // Auto-lock: the unlock screen opens without the Settings form's error as its alert.
    lock();
    await background.notify(LOCKED_NOTICE);
    await screen.findByRole('button', { name: 'Unlock' });
    expect(screen.queryAllByRole('alert').map((a) => a.textContent)).toEqual([]);
  });
});

/**
 * What `line()` says, each time it changes, with when: as a screen reader meets it. `line`
 * is looked up at each change (an alert comes and goes with its error).
 */
function listen(line: () => Element | null) {
  const said: { at: number; words: string }[] = [];
  const note = () => {
    const words = line()?.textContent ?? '';
    if (words !== said.at(-1)?.words) said.push({ at: performance.now(), words });
  };
  note();
  const observer = new MutationObserver(note);
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  return { said, stop: () => observer.disconnect() };
}

/** How long the line was empty before it said `words` last. */
function silenceBefore(said: { at: number; words: string }[], words: string): number {
  const back = said.findLastIndex((s) => s.words === words);
  const before = said[back - 1];
  expect(before?.words, JSON.stringify(said)).toBe('');
  return (said[back]?.at ?? 0) - (before?.at ?? 0);
}

describe('the same words said again', () => {
  it('a second copy of the same value empties the status line for a moment, so it is read out again', async () => {
    const { background } = vault();
    render(<App />);
    const copy = await screen.findByRole('button', { name: 'Copy API Key' });
    fireEvent.click(copy);
    await screen.findByText(/Copied API Key/);
    // The first copy also says where clipboard history keeps copies; the next ones say only what was copied.
    fireEvent.click(copy);
    await waitFor(() => expect(sent(background, 'clipboard.copied')).toBe(2));
    await waitFor(() => expect(screen.getByRole('status').textContent).not.toContain(CLIPBOARD_HISTORY));
    const words = screen.getByRole('status').textContent ?? '';
    expect(words).toMatch(/^Copied API Key/);

    const line = listen(() => screen.getByRole('status'));
    fireEvent.click(copy);
    // Said, emptied, said again.
    await waitFor(() => expect(line.said.map((s) => s.words)).toEqual([words, '', words]));
    line.stop();
    expect(sent(background, 'clipboard.copied')).toBe(3);
    expect(silenceBefore(line.said, words)).toBeGreaterThanOrEqual(REPEAT_GAP_MS - 5);
  });

  it('a second wrong passphrase takes the error away for a moment, so it is read out again', async () => {
    fakeBackground({
      'vault.status': () => ({ exists: true, locked: true }),
      'vault.unlock': () => {
        throw new Error(WRONG);
      },
    });
    render(<App />);
    await screen.findByRole('button', { name: 'Unlock' });
    fill('Passphrase', 'not it');
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect((await screen.findByRole('alert')).textContent).toBe(WRONG);

    const alert = listen(() => document.querySelector('[role="alert"]'));
    fill('Passphrase', 'not it either');
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(alert.said.map((s) => s.words)).toEqual([WRONG, '', WRONG]));
    alert.stop();
    expect(silenceBefore(alert.said, WRONG)).toBeGreaterThanOrEqual(REPEAT_GAP_MS - 5);
  });

  it('words set again while still shown go for a moment too, whatever else is set meanwhile', async () => {
    const { result } = renderHook(() => useStatus());
    act(() => result.current.update({ notice: 'Settings saved.' }));
    act(() => result.current.update({ notice: 'Settings saved.' }));
    expect(result.current.notice).toBeUndefined();
    act(() => result.current.update({ undo: { undoId: 'u' } }));
    expect(result.current.notice).toBeUndefined();
    await waitFor(() => expect(result.current.notice).toBe('Settings saved.'));
    expect(result.current.undo).toEqual({ undoId: 'u' });
  });

  it('different words are said at once, after a clear too, even while a gap for other words runs', () => {
    const { result } = renderHook(() => useStatus());
    act(() => result.current.update({ notice: 'Copied API Key.' }));
    act(() => result.current.clear());
    act(() => result.current.update({ notice: 'Deleted API Key Secret v1.' }));
    expect(result.current.notice).toBe('Deleted API Key Secret v1.');
    // A gap starts, then the user moves on: the next action's words are not held back by it.
    act(() => result.current.update({ notice: 'Deleted API Key Secret v1.' }));
    expect(result.current.notice).toBeUndefined();
    act(() => result.current.clear());
    act(() => result.current.update({ error: 'Too late to undo: the deletion is final.' }));
    expect(result.current.error).toBe('Too late to undo: the deletion is final.');
  });
});

describe('keyboard focus after an action removes what had it', () => {
  it('goes to Undo after a deletion, and to the status line once Undo is used', async () => {
    vault();
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'History for Weather Bot' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete API Key Secret v1' }));
    const confirm = screen.getByRole('button', { name: 'Confirm: delete API Key Secret v1' });
    confirm.focus();
    fireEvent.click(confirm);
    await screen.findByText('Deleted API Key Secret v1.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Undo' })));

    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText('Deletion undone.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('status')));
  });

  it('stays where the user put it when the action left it there', async () => {
    vault();
    render(<App />);
    const copy = await screen.findByRole('button', { name: 'Copy API Key' });
    copy.focus();
    fireEvent.click(copy);
    await screen.findByText(/Copied API Key/);
    expect(document.activeElement).toBe(copy);
  });
});

describe('the Settings forms that take passphrases', () => {
  it('empty their fields once the passphrase is changed or the vault re-encrypted, and keep them after a failure', async () => {
    const { background } = vault();
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    await screen.findByLabelText('Current passphrase');

    changePassphrase('not the passphrase');
    expect(await screen.findByText(WRONG)).toBeTruthy();
    expect([fieldValue('Current passphrase'), fieldValue('New passphrase')]).toEqual(['not the passphrase', NEW]);

    fill('Current passphrase', OLD);
    fireEvent.click(screen.getByRole('button', { name: 'Change passphrase' }));
    expect(await screen.findByText('Passphrase changed. Use the new one from now on.')).toBeTruthy();
    expect(['Current passphrase', 'New passphrase', 'Confirm new passphrase'].map(fieldValue)).toEqual(['', '', '']);
    // Nothing left to send again with Enter or a second press.
    expect((screen.getByRole('button', { name: 'Change passphrase' }) as HTMLButtonElement).disabled).toBe(true);
    expect(sent(background, 'vault.changePassphrase')).toBe(2);

    const rekey = ['Passphrase now', 'New passphrase for the re-encrypted vault', 'Confirm the new passphrase'];
    fill(rekey[0] as string, OLD);
    fill(rekey[1] as string, NEW);
    fill(rekey[2] as string, NEW);
    fireEvent.click(screen.getByRole('button', { name: 'Change passphrase and re-encrypt everything' }));
    expect(await screen.findByText(/Everything is re-encrypted under a new key/)).toBeTruthy();
    expect(rekey.map(fieldValue)).toEqual(['', '', '']);
  });
});
