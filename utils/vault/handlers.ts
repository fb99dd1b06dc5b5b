import type { Handlers } from '../router';
import type { Vault } from './vault';

/**
 * What each message does, in terms of the vault service. `openSetup` shows the page where
 * a vault is created, when a capture arrives before there is one.
 */
export function vaultHandlers(vault: Vault, openSetup: () => Promise<void> = async () => {}): Handlers {
  return {
    'vault.status': () => vault.status(),
    'capture.submit': async (capture) => {
      const outcome = await vault.submitCapture(capture);
      if (outcome.saved === 'pending') await openSetup();
      return outcome;
    },
    'capture.regenerated': async (regeneration) => {
      await vault.recordRegeneration(regeneration);
      return null;
    },
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
