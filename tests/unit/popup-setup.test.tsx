// @vitest-environment happy-dom
// The first-run screen: what an idle machine, another OnceKey tab and an unreadable backup
// file do to it.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackupFileForm } from '@/components/BackupFileForm';
import { App } from '@/entrypoints/popup/App';
import { createAutoLock } from '@/utils/background/autolock';
import { VaultError } from '@/utils/crypto/errors';
import { CHANGED_NOTICE, LOCKED_NOTICE } from '@/utils/protocol/messages';
import { Vault } from '@/utils/vault/vault';
import { fakeBackground } from './helpers/popup';
import { makeVault, PASSPHRASE, TEST_KDF } from './helpers/vault';

const NEW = 'correct horse battery staple 42';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('the first-run screen', () => {
  it('hears no lock when the machine goes idle with no vault, and keeps what the user typed', async () => {
    // The background: an idle machine locks only a vault that is unlocked.
    const none = async () => {};
    const locked = async (vault: Vault) => {
      await vault.create(PASSPHRASE);
      await vault.lock();
    };
    for (const prepare of [none, locked]) {
      const onLock = vi.fn();
      const { db, session, clock } = makeVault();
      const vault = new Vault({ db, session, now: () => clock.now, kdf: TEST_KDF, onLock });
      await prepare(vault);
      onLock.mockClear();
      createAutoLock(vault, {
        alarms: { create: vi.fn(), clear: vi.fn() },
        idle: { setDetectionInterval: vi.fn() },
      }).onIdleStateChanged('idle');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(onLock).not.toHaveBeenCalled();
    }

    // The page: a lock notice that reaches it anyway leaves the first-run screen as it was.
    const background = fakeBackground({ 'vault.status': () => ({ exists: false, locked: true }) });
    render(<App />);
    fireEvent.input(await screen.findByLabelText('Passphrase'), { target: { value: NEW } });
    await background.notify(LOCKED_NOTICE);
    expect(screen.getByRole('button', { name: 'Create vault' })).toBeTruthy();
    expect((screen.getByLabelText('Passphrase') as HTMLInputElement).value).toBe(NEW);
  });

  it('gives way to the vault another OnceKey tab restores, as soon as the background says it changed', async () => {
    let exists = false;
    let locked = true;
    const background = fakeBackground({
      'vault.status': () => ({ exists, locked }),
      'vault.list': () => [],
    });
    render(<App />);
    fireEvent.input(await screen.findByLabelText('Passphrase'), { target: { value: NEW } });
    // A change while there is no vault yet, or one written but not yet unlocked (the restore's
    // writes are told before its session starts): the screen stays, with what the user typed.
    const statusAsks = () => background.sent.filter((m) => m.type === 'vault.status').length;
    for (const written of [false, true]) {
      exists = written;
      const asked = statusAsks();
      await background.notify(CHANGED_NOTICE);
      // The page asked, and had its answer: the screen below is what it made of it.
      await vi.waitFor(() => expect(statusAsks()).toBe(asked + 1));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(screen.getByRole('button', { name: 'Create vault' })).toBeTruthy();
      expect((screen.getByLabelText('Passphrase') as HTMLInputElement).value).toBe(NEW);
    }
    // Restored, and unlocked, in another tab: this page shows that vault, without a click.
    locked = false;
    await background.notify(CHANGED_NOTICE);
    expect(await screen.findByRole('button', { name: 'Lock', exact: true })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create vault' })).toBeNull();
  });

  it('shows the vault another OnceKey tab created meanwhile, instead of failing', async () => {
    let exists = false;
    fakeBackground({
      'vault.status': () => ({ exists, locked: true }),
      'vault.create': () => {
        exists = true;
        throw new VaultError('vault-exists', 'A vault already exists.');
      },
    });
    render(<App />);
    fireEvent.input(await screen.findByLabelText('Passphrase'), { target: { value: NEW } });
    fireEvent.input(screen.getByLabelText('Confirm passphrase'), { target: { value: NEW } });
    fireEvent.click(screen.getByRole('button', { name: 'Create vault' }));
    expect(await screen.findByRole('button', { name: 'Unlock' })).toBeTruthy();
    expect(screen.getByText(/A vault was created in another OnceKey tab meanwhile/)).toBeTruthy();
  });
});

describe('choosing a backup file', () => {
  it('says so when the file can no longer be read, and sends nothing', async () => {
    const onSubmit = vi.fn();
    render(<BackupFileForm action="Restore" maxBytes={1_000_000} onSubmit={onSubmit} />);
    const file = new File(['{}'], 'oncekey-backup.json', { type: 'application/json' });
    vi.spyOn(file, 'text').mockRejectedValue(new DOMException('gone', 'NotReadableError'));
    fireEvent.change(screen.getByLabelText('Backup file'), { target: { files: [file] } });
    fireEvent.input(screen.getByLabelText('Passphrase of the backup'), { target: { value: PASSPHRASE } });
    fireEvent.click(screen.getByRole('button', { name: 'Restore' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be read/);
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
