import { estimateKdf } from '../crypto/kdf';
import { KDF_PRESETS, type KdfPreset } from '../crypto/kdf-presets';
import { exportAs, variableNames } from '../export/formats';
import { buildSnippet } from '../export/snippets';
import type { Handlers } from '../protocol/router';
import type { Vault } from '../vault/vault';
import { sha256Hex } from './clipboard';
import { type CommandLineServices, commandLineHandlers } from './command-line-handlers';

/** What each message does, in terms of the vault service and the background's services. */
export interface HandlerServices {
  /** Shows the page where a vault is created. */
  openSetup?: () => Promise<void>;
  /** Clears the clipboard after `seconds` if it still holds the value with this hash. */
  scheduleClipboardClear?: (hash: string, seconds: number) => Promise<void>;
  /** What one unlock takes at each strength here (ms): estimated from the last derivation. */
  estimateUnlock?: () => Promise<Record<KdfPreset, number>>;
  /** The command line's setting and approvals (command-line-handlers.ts). */
  commandLine?: CommandLineServices;
  /**
   * A vault was created or restored, and is unlocked: open pages are told, as after a write
   * (the write's own notice may come before the session starts). A first-run screen follows it.
   */
  vaultOpened?: () => void;
}

export function vaultHandlers(vault: Vault, services: HandlerServices = {}): Handlers {
  const {
    openSetup = async () => {},
    scheduleClipboardClear = async () => {},
    estimateUnlock = () => estimateKdf(KDF_PRESETS),
    vaultOpened = () => {},
  } = services;
  return {
    'vault.status': (_, from) => vault.status({ detailed: from.audience === 'extension' }),
    // The time is the background's own (the router refuses one from the portal).
    'capture.submit': async (capture, from) => {
      const outcome = await vault.submitCapture(capture, from.tabId);
      if (outcome.saved === 'pending') await openSetup();
      return outcome;
    },
    'capture.regenerated': async (regeneration) => {
      await vault.startRegeneration(regeneration);
      return null;
    },
    'capture.seen': async (signal) => {
      await vault.valuesSeen(signal);
      return null;
    },
    'capture.preview': (signal) => vault.preview(signal),
    'portal.permission': async ({ appId, permission }) => {
      await vault.recordPermission({ appId, permission });
      return null;
    },
    'vault.create': async ({ passphrase }) => {
      const status = await vault.create(passphrase);
      vaultOpened();
      return status;
    },
    'vault.unlock': ({ passphrase }) => vault.unlock(passphrase),
    'vault.lock': () => vault.lock(),
    'vault.changePassphrase': async ({ oldPassphrase, newPassphrase, strength }) => {
      await vault.changePassphrase(oldPassphrase, newPassphrase, strength);
      return null;
    },
    'vault.rekey': async ({ oldPassphrase, newPassphrase }) => {
      await vault.rekey(oldPassphrase, newPassphrase);
      return null;
    },
    'inbox.discard': async () => ({ deleted: await vault.discardUnopened() }),
    'vault.kdf': () => vault.kdfInfo(),
    'kdf.estimate': () => estimateUnlock(),
    'credential.add': (input) => vault.addCredential(input),
    'credential.delete': ({ id }) => vault.deleteCredential(id),
    'app.delete': ({ id }) => vault.deleteApp(id),
    'delete.undo': async ({ undoId }) => {
      await vault.undoDelete(undoId);
      return null;
    },
    'vault.list': ({ first }) => vault.list(first),
    'credential.value': ({ id }) => vault.value(id),
    'app.events': ({ id }) => vault.appEvents(id),
    'app.update': async ({ id, ...changes }) => {
      await vault.updateApp(id, changes);
      return null;
    },
    'credential.mark': async ({ id, as }) => {
      await vault.markRetired(id, as);
      return null;
    },
    'credential.stillWorks': async ({ id }) => {
      await vault.stillWorks(id);
      return null;
    },
    'credential.rotateBy': async ({ id, at }) => {
      await vault.setRotateBy(id, at);
      return null;
    },
    'credential.makeCurrent': async ({ id }) => {
      await vault.makeCurrent(id);
      return null;
    },
    'backup.create': () => vault.backup(),
    'backup.inspect': async ({ text, for: form }) =>
      vault.inspectBackup(text, form === 'restore' ? 'restored' : 'merged'),
    'backup.restore': async ({ text, passphrase }) => {
      const restored = await vault.restore(text, passphrase);
      vaultOpened();
      return restored;
    },
    'backup.merge': ({ text, passphrase }) => vault.mergeBackup(text, passphrase),
    'export.build': async ({ appId, credentialIds, format, preset, customPrefix, action }) => {
      const { ids, ...source } = await vault.exportSource(appId, credentialIds);
      const naming = customPrefix === undefined ? { preset } : { preset, customPrefix };
      const result = exportAs(format, source, { ...naming, now: Date.now() });
      if (!result.ok) return { problems: result.problems };
      await vault.recordExport(appId, ids, format, naming);
      let clearsInSeconds: number | null = null;
      const { clipboardClearSeconds } = await vault.settings();
      if (action === 'copy' && clipboardClearSeconds) {
        await scheduleClipboardClear(await sha256Hex(result.text), clipboardClearSeconds);
        clearsInSeconds = clipboardClearSeconds;
      }
      return { text: result.text, fileName: result.fileName, clearsInSeconds };
    },
    'snippet.build': async ({ appId, snippet, preset, customPrefix, inline }) => {
      const { items } = await vault.exportSource(appId);
      const input = {
        names: variableNames(preset, customPrefix),
        kinds: items.map((i) => i.kind),
        ...(inline ? { values: Object.fromEntries(items.map((i) => [i.kind, i.value])) } : {}),
      };
      const built = buildSnippet(snippet, input);
      if (!built.ok) return { problems: [built.problem] };
      // Values in the code leave the clipboard like a copied value; variable names need not.
      const { clipboardClearSeconds } = await vault.settings();
      if (!inline || !clipboardClearSeconds) return { text: built.text, clearsInSeconds: null };
      await scheduleClipboardClear(await sha256Hex(built.text), clipboardClearSeconds);
      return { text: built.text, clearsInSeconds: clipboardClearSeconds };
    },
    'clipboard.copied': async ({ id }) => {
      const hash = await sha256Hex(await vault.value(id));
      await vault.recordCopy(id);
      const { clipboardClearSeconds } = await vault.settings();
      if (!clipboardClearSeconds) return { clearsInSeconds: null };
      await scheduleClipboardClear(hash, clipboardClearSeconds);
      return { clearsInSeconds: clipboardClearSeconds };
    },
    'settings.get': () => vault.settings(),
    'settings.set': (changes) => vault.updateSettings(changes),
    ...commandLineHandlers(services.commandLine),
  };
}
