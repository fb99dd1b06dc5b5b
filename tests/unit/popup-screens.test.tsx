// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '@/entrypoints/popup/App';
import type { AppSummary } from '@/utils/vault/types';
import { API_KEY, credential, fakeBackground, NOW, SETTINGS, weatherBot } from './helpers/popup';

/** An unlocked vault whose records the handlers change, as the background would. */
function vault(answers: Parameters<typeof fakeBackground>[0] = {}, options: { inTab?: boolean } = {}) {
  const apps: AppSummary[] = [weatherBot()];
  const background = fakeBackground(
    {
      'vault.status': () => ({ exists: true, locked: false }),
      // A new array each time, as a reply through the browser is.
      'vault.list': () => apps.map((app) => ({ ...app })),
      'app.events': () => [{ at: NOW, type: 'copied', kind: 'apiKey' }],
      ...answers,
    },
    options,
  );
  return { apps, background };
}

const status = () => screen.getByRole('status');

/** What the Settings screen reads when it opens. */
const SETTINGS_ANSWERS = {
  'settings.get': () => SETTINGS,
  'vault.kdf': () => ({ memoryKiB: 65536, iterations: 3, parallelism: 4, preset: 'standard' as const }),
  'kdf.estimate': () => ({ standard: 400, strong: 900, strongest: 2100 }),
};

/** Files a download would save, instead of saving them. */
function catchDownloads() {
  const saved: { name: string; blob: Blob }[] = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.href) as Blob });
  });
  return saved;
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("an App's history", () => {
  it('lists its activity, saves its details and marks a credential', async () => {
    const { background } = vault({ 'app.update': () => null, 'credential.mark': () => null });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'History for Weather Bot' }));
    expect((await screen.findByRole('region', { name: 'Activity' })).textContent).toContain('API Key copied');
    fireEvent.input(screen.getByLabelText('Notes'), { target: { value: 'ops team' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save App details' }));
    expect(await screen.findByText('App details saved.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Mark API Key revoked' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm: mark API Key revoked' }));
    await vi.waitFor(() => expect(background.sent.map((m) => m.type)).toContain('credential.mark'));
    expect(background.sent.find((m) => m.type === 'app.update')?.payload).toEqual({
      id: 'a1',
      appName: 'Weather Bot',
      notes: 'ops team',
    });
  });

  it('deletes the App, says so on the list, and Undo brings it back', async () => {
    const { apps } = vault({
      'app.delete': () => {
        apps.splice(0, 1);
        return { undoId: 'u1' };
      },
      'delete.undo': () => {
        apps.push(weatherBot());
        return null;
      },
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'History for Weather Bot' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete Weather Bot' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm: delete Weather Bot and its 2 credentials' }));
    expect(await screen.findByText('Deleted Weather Bot.')).toBeTruthy();
    expect(screen.getByText('Nothing saved yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await screen.findByText('Deletion undone.')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Weather Bot' })).toBeTruthy();
  });

  it('deletes one version and stays on the history, where Undo puts it back', async () => {
    const { apps } = vault({
      'credential.delete': ({ id }) => {
        apps[0] = { ...weatherBot(), credentials: weatherBot().credentials.filter((c) => c.id !== id) };
        return { undoId: 'u2' };
      },
      'delete.undo': () => {
        apps[0] = weatherBot();
        return null;
      },
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'History for Weather Bot' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete API Key Secret v1' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm: delete API Key Secret v1' }));
    expect(await screen.findByText('Deleted API Key Secret v1.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'History of Weather Bot' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'API Key Secret' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await screen.findByText('Deletion undone.')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'API Key Secret' })).toBeTruthy();
  });
});

describe('adding a credential by paste', () => {
  it("opens the new App's history saying it was added; an error stays on the Add screen", async () => {
    const { apps } = vault({
      'credential.add': ({ appName }) => {
        if (appName === 'taken') throw new Error('That App already exists.');
        apps.push({
          id: 'a2',
          host: 'developer.x.com',
          exports: [],
          appName,
          credentials: [credential('c7', 'apiKey')],
        });
        return { added: true };
      },
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Add' }));
    const form = screen.getByRole('form', { name: 'Add a credential' });
    fireEvent.input(within(form).getByLabelText('App name'), { target: { value: 'taken' } });
    fireEvent.input(within(form).getByLabelText('Value'), { target: { value: API_KEY } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add credential' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That App already exists.');
    fireEvent.input(within(form).getByLabelText('App name'), { target: { value: 'pasted-bot' } });
    fireEvent.input(within(form).getByLabelText('Value'), { target: { value: API_KEY } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add credential' }));
    expect(await screen.findByRole('heading', { name: 'History of pasted-bot' })).toBeTruthy();
    expect(status().textContent).toBe('Added API Key.');
  });
});

describe('exporting an App', () => {
  it('copies the .env and says what it copied, or lists why it refused', async () => {
    const { background } = vault({
      'export.build': () => ({ text: 'X_API_KEY=k\n', fileName: 'weather-bot.env', clearsInSeconds: null }),
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Export Weather Bot' }));
    fireEvent.click(screen.getByRole('button', { name: 'Copy .env' }));
    expect(await screen.findByText('Copied .env (2 credentials).')).toBeTruthy();
    expect(await navigator.clipboard.readText()).toBe('X_API_KEY=k\n');
    background.handlers['export.build'] = () => ({ problems: ['API Key contains "$".'] });
    // The buttons wait until the App's list has caught up with the export.
    const copy = screen.getByRole<HTMLButtonElement>('button', { name: 'Copy .env' });
    await vi.waitFor(() => expect(copy.disabled).toBe(false));
    fireEvent.click(copy);
    expect((await screen.findByRole('alert')).textContent).toBe('Not exported:API Key contains "$".');
    expect(status().textContent).toBe('');
  });

  it('downloads the file the background named', async () => {
    const saved = catchDownloads();
    vault({ 'export.build': () => ({ text: 'X_API_KEY=k\n', fileName: 'weather-bot.env', clearsInSeconds: 30 }) });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Export Weather Bot' }));
    fireEvent.click(screen.getByRole('button', { name: 'Download .env' }));
    expect(
      await screen.findByText('Downloaded weather-bot.env (2 credentials). Keep it out of version control.'),
    ).toBeTruthy();
    expect(saved.map((file) => file.name)).toEqual(['weather-bot.env']);
    expect(await saved[0]?.blob.text()).toBe('X_API_KEY=k\n');
  });
});

describe('settings', () => {
  it('opens with the vault’s strength and saves a change', async () => {
    const { background } = vault({
      ...SETTINGS_ANSWERS,
      'settings.set': (changes) => ({ ...SETTINGS, ...changes }) as typeof SETTINGS,
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    const strength = await screen.findByRole('form', { name: 'Key derivation strength' });
    expect(await within(strength).findByText(/^Now: 64 MiB, 3 passes\./)).toBeTruthy();
    expect(await within(strength).findAllByText(/unlock takes about [\d.]+ s here/)).toHaveLength(3);
    fireEvent.change(screen.getByLabelText('Lock after idle'), { target: { value: '300' } });
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    expect(background.sent.find((m) => m.type === 'settings.set')?.payload).toEqual({ autoLockSeconds: 300 });
    expect((screen.getByLabelText('Lock after idle') as HTMLSelectElement).value).toBe('300');
    // The toolbar popup cannot keep a file dialog open: merging asks for a tab.
    expect(screen.getByRole('button', { name: 'Open OnceKey in a tab to choose the file' })).toBeTruthy();
  });

  it('changes the passphrase, or says why not', async () => {
    vault({
      ...SETTINGS_ANSWERS,
      'vault.changePassphrase': ({ oldPassphrase }) => {
        if (oldPassphrase !== 'old horse battery staple') throw new Error('Wrong passphrase.');
        return null;
      },
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    const next = 'a much newer horse battery staple 7';
    const change = async (current: string) => {
      fireEvent.input(await screen.findByLabelText('Current passphrase'), { target: { value: current } });
      fireEvent.input(screen.getByLabelText('New passphrase'), { target: { value: next } });
      fireEvent.input(screen.getByLabelText('Confirm new passphrase'), { target: { value: next } });
      fireEvent.click(screen.getByRole('button', { name: 'Change passphrase' }));
    };
    await change('wrong');
    expect(await screen.findByText('Wrong passphrase.')).toBeTruthy();
    await change('old horse battery staple');
    expect(await screen.findByText('Passphrase changed. Use the new one from now on.')).toBeTruthy();
  });

  it('starts from the vault’s strength, applies a stronger one and shows its new cost', async () => {
    let kdf = { memoryKiB: 131072, iterations: 4, parallelism: 4, preset: 'strong' as 'strong' | 'strongest' };
    vault({
      ...SETTINGS_ANSWERS,
      'vault.kdf': () => kdf,
      'vault.changePassphrase': ({ strength }) => {
        if (strength === 'strongest') kdf = { ...kdf, memoryKiB: 262144, preset: strength };
        return null;
      },
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    const strength = await screen.findByRole('form', { name: 'Key derivation strength' });
    await within(strength).findByText(/^Now: 128 MiB, 4 passes\./);
    const radio = (name: RegExp) => within(strength).getByLabelText<HTMLInputElement>(name);
    await vi.waitFor(() => expect(radio(/^Strong \(/).checked).toBe(true));
    fireEvent.click(radio(/^Strongest \(/));
    fireEvent.input(within(strength).getByLabelText('Passphrase to apply it'), { target: { value: 'pass' } });
    fireEvent.click(within(strength).getByRole('button', { name: 'Apply strength' }));
    expect(await screen.findByText('Strength changed. Unlocking now takes about as long as shown above.')).toBeTruthy();
    expect(within(strength).getByText(/^Now: 256 MiB, 4 passes\./)).toBeTruthy();
  });

  it('downloads a backup, and merges one in a tab', async () => {
    const saved = catchDownloads();
    vault(
      {
        ...SETTINGS_ANSWERS,
        'backup.create': () => '{"oncekey":"backup"}',
        'backup.inspect': (payload) => {
          expect(payload.for).toBe('merge');
          return { apps: 3, credentials: 12, createdAt: '2026-11-20T08:30:00.000Z' };
        },
        'backup.merge': ({ passphrase }) => {
          if (passphrase !== 'correct horse') throw new Error('That passphrase does not open this backup.');
          return { added: 1, skipped: 2 };
        },
      },
      { inTab: true },
    );
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Download backup' }));
    const today = new Date().toISOString().slice(0, 10);
    expect(
      await screen.findByText(`Downloaded oncekey-backup-${today}.json. It opens only with your passphrase.`),
    ).toBeTruthy();
    expect(saved.map((file) => file.name)).toEqual([`oncekey-backup-${today}.json`]);

    const form = screen.getByRole('form', { name: 'Merge backup' });
    const file = new File(['{"oncekey":"backup"}'], 'backup.json', { type: 'application/json' });
    fireEvent.change(within(form).getByLabelText('Backup file'), { target: { files: [file] } });
    expect(
      await within(form).findByText('A OnceKey backup from 2026-11-20 08:30 UTC: 3 Apps and 12 credentials.'),
    ).toBeTruthy();
    fireEvent.input(within(form).getByLabelText('Passphrase of the backup'), { target: { value: 'correct horse' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Merge backup' }));
    expect(await screen.findByText('Merged the backup: 1 added, 2 already in this vault.')).toBeTruthy();
  });
});

describe('restoring a backup on first run', () => {
  it('says at once what a chosen file holds, or that it is no backup, before its passphrase is typed', async () => {
    const GOOD = '{"format":"oncekey-backup"}';
    const background = fakeBackground(
      {
        'vault.status': () => ({ exists: false, locked: true }),
        'backup.inspect': ({ text }) => {
          if (text !== GOOD)
            throw Object.assign(new Error('This file is not a OnceKey backup.'), { code: 'not-a-backup' });
          return { apps: 1, credentials: 2, createdAt: '2026-11-23T12:00:00.000Z' };
        },
        'backup.restore': () => ({ apps: 1, credentials: 2 }),
      },
      { inTab: true },
    );
    render(<App />);
    fireEvent.click(await screen.findByText('Restore from a backup'));
    const form = screen.getByRole('form', { name: 'Restore' });
    const input = within(form).getByLabelText('Backup file');
    const restore = within(form).getByRole('button', { name: 'Restore' }) as HTMLButtonElement;
    const choose = (text: string) =>
      fireEvent.change(input, { target: { files: [new File([text], 'backup.json', { type: 'application/json' })] } });

    choose('API_KEY=abc');
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toBe('This file is not a OnceKey backup.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(alert.id);
    fireEvent.input(within(form).getByLabelText('Passphrase of the backup'), { target: { value: 'correct horse' } });
    expect(restore.disabled).toBe(true);
    expect(background.sent.map((m) => m.type)).not.toContain('backup.restore');

    choose(GOOD);
    const summary = 'A OnceKey backup from 2026-11-23 12:00 UTC: 1 App and 2 credentials.';
    expect(await within(form).findByText(summary)).toBeTruthy();
    expect(within(form).queryByRole('alert')).toBeNull();
    expect(input.getAttribute('aria-describedby')).toBe(within(form).getByText(summary).id);
    expect(input.hasAttribute('aria-invalid')).toBe(false);
    expect(restore.disabled).toBe(false);
    expect(background.sent.filter((m) => m.type === 'backup.inspect').map((m) => m.payload)).toEqual([
      { text: 'API_KEY=abc', for: 'restore' },
      { text: GOOD, for: 'restore' },
    ]);
  });

  it('shows what the last chosen file holds, whatever the answer about an earlier one says, and when', async () => {
    let refuseFirst: (() => void) | undefined;
    fakeBackground(
      {
        'vault.status': () => ({ exists: false, locked: true }),
        'backup.inspect': ({ text }) =>
          text === 'first'
            ? new Promise((_, reject) => {
                refuseFirst = () =>
                  reject(Object.assign(new Error('This file is not a OnceKey backup.'), { code: 'not-a-backup' }));
              })
            : { apps: 2, credentials: 8, createdAt: '2026-11-23T12:00:00.000Z' },
      },
      { inTab: true },
    );
    render(<App />);
    fireEvent.click(await screen.findByText('Restore from a backup'));
    const form = screen.getByRole('form', { name: 'Restore' });
    const input = within(form).getByLabelText('Backup file');
    const choose = (text: string) =>
      fireEvent.change(input, { target: { files: [new File([text], 'backup.json', { type: 'application/json' })] } });
    choose('first');
    await vi.waitFor(() => expect(refuseFirst).toBeDefined());
    choose('second');
    const summary = 'A OnceKey backup from 2026-11-23 12:00 UTC: 2 Apps and 8 credentials.';
    expect(await within(form).findByText(summary)).toBeTruthy();
    refuseFirst?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(within(form).queryByRole('alert')).toBeNull();
    expect(within(form).getByText(summary)).toBeTruthy();
    fireEvent.input(within(form).getByLabelText('Passphrase of the backup'), { target: { value: 'correct horse' } });
    expect((within(form).getByRole('button', { name: 'Restore' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('refuses a wrong passphrase with an alert, and opens the restored list saying what came back', async () => {
    let exists = false;
    fakeBackground(
      {
        'vault.status': () => ({ exists, locked: !exists }),
        'vault.list': () => [weatherBot()],
        'backup.restore': ({ passphrase }) => {
          if (passphrase !== 'correct horse') throw new Error('That passphrase does not open this backup.');
          exists = true;
          return { apps: 1, credentials: 2 };
        },
      },
      { inTab: true },
    );
    render(<App />);
    fireEvent.click(await screen.findByText('Restore from a backup'));
    const form = screen.getByRole('form', { name: 'Restore' });
    const file = new File(['{"oncekey":"backup"}'], 'backup.json', { type: 'application/json' });
    fireEvent.change(within(form).getByLabelText('Backup file'), { target: { files: [file] } });
    const passphrase = within(form).getByLabelText('Passphrase of the backup');
    fireEvent.input(passphrase, { target: { value: 'wrong' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Restore' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That passphrase does not open this backup.');
    fireEvent.input(passphrase, { target: { value: 'correct horse' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Restore' }));
    expect(await screen.findByRole('region', { name: 'Weather Bot' })).toBeTruthy();
    expect(status().textContent).toBe('Restored 1 App and 2 credentials.');
  });
});
