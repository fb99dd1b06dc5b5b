import type { Handlers } from '../router';
import type { Vault } from './vault';

/** What each message does, in terms of the vault service. */
export function vaultHandlers(vault: Vault): Handlers {
  return {
    'vault.status': () => vault.status(),
    'capture.submit': (capture) => vault.submitCapture(capture),
    'vault.create': ({ passphrase }) => vault.create(passphrase),
    'vault.unlock': ({ passphrase }) => vault.unlock(passphrase),
    'vault.lock': () => vault.lock(),
    'vault.changePassphrase': async ({ oldPassphrase, newPassphrase }) => {
      await vault.changePassphrase(oldPassphrase, newPassphrase);
      return null;
    },
    'vault.list': () => vault.list(),
    'credential.value': ({ id }) => vault.value(id),
    'settings.get': () => vault.settings(),
    'settings.set': (changes) => vault.updateSettings(changes),
  };
}
