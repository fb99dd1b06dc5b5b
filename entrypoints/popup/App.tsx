import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AddCredentialForm, type NewCredential } from '@/components/AddCredentialForm';
import { BackupFileForm } from '@/components/BackupFileForm';
import { kindLabel } from '@/components/CredentialRow';
import { type ExportChoice, ExportView } from '@/components/ExportView';
import { HistoryView } from '@/components/HistoryView';
import { SettingsView } from '@/components/SettingsView';
import { SetupForm } from '@/components/SetupForm';
import { UnlockForm } from '@/components/UnlockForm';
import { appTitle, VaultView } from '@/components/VaultView';
import type { KdfPreset } from '@/utils/crypto/kdf-presets';
import { FORMATS } from '@/utils/export/formats';
import { FORMAT_NAMES } from '@/utils/export/labels';
import { send } from '@/utils/protocol/client';
import { CHANGED_NOTICE, LOCKED_NOTICE, PAGE_PORT } from '@/utils/protocol/messages';
import { isoDay } from '@/utils/rotation';
import { MAX_BACKUP_CHARS } from '@/utils/vault/backup/format';
import type { AppEvent, AppSummary, KdfInfo, Settings } from '@/utils/vault/types';

type Screen =
  | { name: 'loading' }
  | { name: 'setup' }
  | { name: 'locked' }
  | { name: 'unlocked'; apps: AppSummary[] }
  | { name: 'history'; apps: AppSummary[]; app: AppSummary }
  | { name: 'add'; apps: AppSummary[] }
  | { name: 'export'; apps: AppSummary[]; app: AppSummary; problems?: string[] }
  | { name: 'settings'; apps: AppSummary[]; settings: Settings; kdf?: KdfInfo; kdfTimes?: Record<KdfPreset, number> };

const REVEAL_MS = 10_000;

const message = (error: unknown) => (error instanceof Error ? error.message : 'Something went wrong.');
const today = () => isoDay(Date.now());

/** Saves text as a file through a link: no downloads permission needed. */
function download(text: string, fileName: string, mime: string) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Picking a file from the toolbar popup closes it in some browsers (the file dialog takes
 * the focus), so file forms ask for OnceKey in a tab instead.
 */
function FileFormOrTab({ inTab, children }: { inTab: boolean; children: preact.ComponentChildren }) {
  if (inTab) return <>{children}</>;
  return (
    <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/popup.html') })}>
      Open OnceKey in a tab to choose the file
    </button>
  );
}

export function App() {
  const [screen, setScreen] = useState<Screen>({ name: 'loading' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [query, setQuery] = useState('');
  const [revealed, setRevealed] = useState<{ id: string; value: string }>();
  /** The last deletion, which "Undo" puts back while this page is open. */
  const [undo, setUndo] = useState<{ undoId: string; appId?: string }>();
  /** The activity of the App whose history is open. */
  const [events, setEvents] = useState<AppEvent[]>();
  const historyApp = screen.name === 'history' ? screen.app : undefined;
  useEffect(() => {
    setEvents(undefined);
    if (!historyApp) return;
    let current = true;
    void send('app.events', { id: historyApp.id })
      .then((list) => current && setEvents(list))
      .catch(() => {});
    return () => {
      current = false;
    };
  }, [historyApp]);

  /** Whether this page is a tab (not the toolbar popup), where file dialogs work. */
  const [inTab, setInTab] = useState(false);
  useEffect(() => {
    void browser.tabs.getCurrent().then((tab) => setInTab(tab !== undefined));
  }, []);

  // While this page is open the background keeps deletions for "Undo"; closing it makes them final.
  useEffect(() => {
    const port = browser.runtime.connect({ name: PAGE_PORT });
    return () => port.disconnect();
  }, []);

  // A revealed value hides itself after a few seconds, and when the popup loses focus.
  useEffect(() => {
    if (!revealed) return;
    const timer = setTimeout(() => setRevealed(undefined), REVEAL_MS);
    const hide = () => setRevealed(undefined);
    window.addEventListener('blur', hide);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('blur', hide);
    };
  }, [revealed]);

  /** The vault changed elsewhere (a capture on the portal): show it on the screen the user is on. */
  const follow = useCallback(async () => {
    const apps = await send('vault.list', {}).catch(() => undefined);
    if (!apps) return;
    setScreen((s) => {
      if (s.name === 'unlocked') return { ...s, apps };
      if (s.name === 'history' || s.name === 'export') {
        const app = apps.find((a) => a.id === s.app.id);
        return app ? { ...s, apps, app } : { name: 'unlocked', apps };
      }
      return s.name === 'add' || s.name === 'settings' ? { ...s, apps } : s;
    });
  }, []);

  const refresh = useCallback(async () => {
    setRevealed(undefined);
    try {
      // Both at once: one round trip to the background when the vault is unlocked.
      const [status, listed] = await Promise.all([
        send('vault.status', {}),
        send('vault.list', {}).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
      ]);
      if (!status.exists) setScreen({ name: 'setup' });
      else if (status.locked) setScreen({ name: 'locked' });
      else if (listed instanceof Error) throw listed;
      else setScreen({ name: 'unlocked', apps: listed });
    } catch (e) {
      setError(message(e));
      setScreen({ name: 'locked' });
    }
  }, []);

  useEffect(() => {
    void refresh();
    const onMessage = (notice: unknown) => {
      const type = (notice as { type?: unknown })?.type;
      if (type === LOCKED_NOTICE.type) {
        setRevealed(undefined);
        setScreen({ name: 'locked' });
      } else if (type === CHANGED_NOTICE.type) {
        void follow();
      }
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, [refresh, follow]);

  const act = (work: () => Promise<unknown>) => async () => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      await refresh();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  /** Moves between the unlocked screens; a notice belongs to the screen it was given on. */
  const go = (next: Screen) => {
    setRevealed(undefined);
    setNotice(undefined);
    setError(undefined);
    setUndo(undefined);
    setScreen(next);
  };

  /** Shows the list again, or one App's page, with what the vault now holds. */
  const show = async (appId?: string, done?: string) => {
    const apps = await send('vault.list', {});
    const app = appId ? apps.find((a) => a.id === appId) : undefined;
    setScreen(app ? { name: 'history', apps, app } : { name: 'unlocked', apps });
    setNotice(done);
  };

  const remove = async (what: string, deletion: Promise<{ undoId: string }>, stayOn?: string) => {
    setError(undefined);
    try {
      const { undoId } = await deletion;
      await show(stayOn, `Deleted ${what}.`);
      setUndo({ undoId, ...(stayOn ? { appId: stayOn } : {}) });
    } catch (e) {
      setError(message(e));
    }
  };

  const undoAction = undo && {
    label: 'Undo',
    run: () =>
      void send('delete.undo', { undoId: undo.undoId })
        .then(() => {
          setUndo(undefined);
          return show(undo.appId, 'Deletion undone.');
        })
        .catch((e) => {
          setUndo(undefined);
          setError(message(e));
        }),
  };

  /** Builds the export in the background (which records it), then copies or downloads it. */
  const exportApp = async (app: AppSummary, choice: ExportChoice, action: 'copy' | 'download') => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const reply = await send('export.build', { appId: app.id, ...choice, action });
      if ('problems' in reply) {
        setScreen((s) => (s.name === 'export' ? { ...s, problems: reply.problems } : s));
        return;
      }
      const count = `${choice.credentialIds.length} credential${choice.credentialIds.length === 1 ? '' : 's'}`;
      const name = FORMAT_NAMES[choice.format];
      if (action === 'copy') {
        await navigator.clipboard.writeText(reply.text);
        setNotice(
          reply.clearsInSeconds === null
            ? `Copied ${name} (${count}).`
            : `Copied ${name} (${count}). The clipboard is cleared in ${reply.clearsInSeconds} s if it still holds it.`,
        );
      } else {
        const mime = FORMATS.find((f) => f.id === choice.format)?.mime ?? 'text/plain';
        download(reply.text, reply.fileName, mime);
        setNotice(`Downloaded ${reply.fileName} (${count}). Keep it out of version control.`);
      }
      // The App now knows this export (and the names chosen for it).
      const apps = await send('vault.list', {});
      const fresh = apps.find((a) => a.id === app.id);
      setScreen(fresh ? { name: 'export', apps, app: fresh } : { name: 'unlocked', apps });
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  const add = async (credential: NewCredential, appId?: string) => {
    setError(undefined);
    setUndo(undefined);
    try {
      const { added } = await send('credential.add', { ...credential, ...(appId ? { appId } : {}) });
      const label = kindLabel(credential.kind);
      const apps = await send('vault.list', {});
      const app = appId
        ? apps.find((a) => a.id === appId)
        : apps.find((a) => a.appName === credential.appName && a.projectName === credential.projectName);
      setScreen(app ? { name: 'history', apps, app } : { name: 'unlocked', apps });
      setNotice(added ? `Added ${label}.` : `That ${label} was already saved.`);
    } catch (e) {
      setError(message(e));
    }
  };

  /** Runs a change to one App, then shows its history again with what the vault now holds. */
  const changeApp = async (appId: string, change: () => Promise<unknown>, done?: string) => {
    try {
      await change();
      await show(appId, done);
    } catch (e) {
      setError(message(e));
    }
  };

  const copy = async (id: string, label: string) => {
    try {
      await navigator.clipboard.writeText(await send('credential.value', { id }));
      const { clearsInSeconds } = await send('clipboard.copied', { id });
      setNotice(
        clearsInSeconds === null
          ? `Copied ${label}.`
          : `Copied ${label}. The clipboard is cleared in ${clearsInSeconds} s if it still holds it.`,
      );
    } catch (e) {
      setNotice(`Not copied: ${message(e)}`);
    }
  };

  switch (screen.name) {
    case 'loading':
      return <p class="screen muted">Opening OnceKey…</p>;
    case 'setup':
      return (
        <>
          <SetupForm
            busy={busy}
            error={error}
            onCreate={(p) => void act(() => send('vault.create', { passphrase: p }))()}
          />
          <details class="screen restore">
            <summary>Restore from a backup</summary>
            <FileFormOrTab inTab={inTab}>
              <BackupFileForm
                action="Restore"
                busy={busy}
                maxBytes={MAX_BACKUP_CHARS}
                onSubmit={(text, passphrase) =>
                  void act(async () => {
                    const { apps, credentials } = await send('backup.restore', { text, passphrase });
                    setNotice(
                      `Restored ${apps} App${apps === 1 ? '' : 's'} and ${credentials} credential${credentials === 1 ? '' : 's'}.`,
                    );
                  })()
                }
              />
            </FileFormOrTab>
          </details>
        </>
      );
    case 'locked':
      return (
        <UnlockForm
          busy={busy}
          error={error}
          onUnlock={(p) => void act(() => send('vault.unlock', { passphrase: p }))()}
        />
      );
    case 'unlocked':
      return (
        <VaultView
          apps={screen.apps}
          notice={notice ?? error}
          action={undoAction}
          now={Date.now()}
          query={query}
          onQuery={setQuery}
          onLock={() => void act(() => send('vault.lock', {}))()}
          onCopy={(credential, label) => void copy(credential.id, label)}
          revealed={revealed}
          onReveal={(credential) =>
            void send('credential.value', { id: credential.id })
              .then((value) => setRevealed({ id: credential.id, value }))
              .catch((e) => setNotice(`Not shown: ${message(e)}`))
          }
          onHide={() => setRevealed(undefined)}
          onHistory={(app) => go({ name: 'history', apps: screen.apps, app })}
          onExport={(app) => go({ name: 'export', apps: screen.apps, app })}
        >
          <button type="button" onClick={() => go({ name: 'add', apps: screen.apps })}>
            Add
          </button>
          <button
            type="button"
            onClick={() =>
              void send('settings.get', {})
                .then((settings) => {
                  go({ name: 'settings', apps: screen.apps, settings });
                  // Both fill in once known; measuring runs each strength once (a few seconds).
                  void send('vault.kdf', {}).then((kdf) =>
                    setScreen((s) => (s.name === 'settings' ? { ...s, kdf } : s)),
                  );
                  void send('kdf.measure', {}).then((kdfTimes) =>
                    setScreen((s) => (s.name === 'settings' ? { ...s, kdfTimes } : s)),
                  );
                })
                .catch((e) => setError(message(e)))
            }
          >
            Settings
          </button>
        </VaultView>
      );
    case 'history':
      return (
        <HistoryView
          app={screen.app}
          now={Date.now()}
          notice={notice ?? error}
          events={events}
          action={undoAction}
          onBack={() => go({ name: 'unlocked', apps: screen.apps })}
          onAdd={(credential) => void add(credential, screen.app.id)}
          onDeleteCredential={(credential) =>
            void remove(
              `${kindLabel(credential.kind)} v${credential.version}`,
              send('credential.delete', { id: credential.id }),
              screen.app.id,
            )
          }
          onDeleteApp={() => void remove(appTitle(screen.app), send('app.delete', { id: screen.app.id }))}
          onMark={(credential, as) =>
            void changeApp(screen.app.id, () => send('credential.mark', { id: credential.id, as }))
          }
          onEdit={(changes) =>
            void changeApp(
              screen.app.id,
              () => send('app.update', { id: screen.app.id, ...changes }),
              'App details saved.',
            )
          }
        />
      );
    case 'export':
      return (
        <ExportView
          app={screen.app}
          notice={notice ?? error}
          problems={screen.problems}
          busy={busy}
          onBack={() => go({ name: 'unlocked', apps: screen.apps })}
          onCopy={(choice) => void exportApp(screen.app, choice, 'copy')}
          onDownload={(choice) => void exportApp(screen.app, choice, 'download')}
        />
      );
    case 'add':
      return (
        <div class="screen">
          <header class="bar">
            <h1>Add credentials</h1>
            <button type="button" onClick={() => go({ name: 'unlocked', apps: screen.apps })}>
              Back
            </button>
          </header>
          <p class="muted">For keys you saved before OnceKey. To add to an App already here, open its History.</p>
          <AddCredentialForm newApp today={today()} onAdd={(credential) => void add(credential)} />
          {error && (
            <p role="alert" class="error">
              {error}
            </p>
          )}
        </div>
      );
    case 'settings':
      return (
        <SettingsView
          settings={screen.settings}
          busy={busy}
          message={notice ?? error}
          onBack={() => go({ name: 'unlocked', apps: screen.apps })}
          onBackup={() =>
            void send('backup.create', {})
              .then((text) => {
                const fileName = `oncekey-backup-${today()}.json`;
                download(text, fileName, 'application/json');
                setNotice(`Downloaded ${fileName}. It opens only with your passphrase.`);
              })
              .catch((e) => setError(message(e)))
          }
          mergeForm={
            <FileFormOrTab inTab={inTab}>
              <BackupFileForm
                action="Merge backup"
                busy={busy}
                maxBytes={MAX_BACKUP_CHARS}
                onSubmit={(text, passphrase) => {
                  setBusy(true);
                  setError(undefined);
                  void send('backup.merge', { text, passphrase })
                    .then(({ added, skipped }) =>
                      setNotice(`Merged the backup: ${added} added, ${skipped} already in this vault.`),
                    )
                    .catch((e) => setError(message(e)))
                    .finally(() => setBusy(false));
                }}
              />
            </FileFormOrTab>
          }
          kdf={screen.kdf}
          kdfTimes={screen.kdfTimes}
          onChange={(changes) =>
            void send('settings.set', changes)
              .then((settings) => {
                setScreen((s) => (s.name === 'settings' ? { ...s, settings } : s));
                setNotice('Settings saved.');
              })
              .catch((e) => setError(message(e)))
          }
          onStrength={(passphrase, strength) => {
            setBusy(true);
            setError(undefined);
            void send('vault.changePassphrase', { oldPassphrase: passphrase, newPassphrase: passphrase, strength })
              .then(() => send('vault.kdf', {}))
              .then((kdf) => {
                setScreen((s) => (s.name === 'settings' ? { ...s, kdf } : s));
                setNotice('Strength changed. Unlocking now takes as long as measured above.');
              })
              .catch((e) => setError(message(e)))
              .finally(() => setBusy(false));
          }}
          onChangePassphrase={(oldPassphrase, newPassphrase) => {
            setBusy(true);
            setError(undefined);
            void send('vault.changePassphrase', { oldPassphrase, newPassphrase })
              .then(() => setNotice('Passphrase changed. Use the new one from now on.'))
              .catch((e) => setError(message(e)))
              .finally(() => setBusy(false));
          }}
        />
      );
  }
}
