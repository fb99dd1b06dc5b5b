import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '@/utils/protocol/client';
import type { CommandLineStatus } from '@/utils/protocol/native';
import { errorMessage } from '../lib/wording';

const PERMISSION = { permissions: ['nativeMessaging' as const] };

/**
 * Settings' "Command line": its status from the background, and the switch. Turning it on
 * asks the browser for the optional nativeMessaging permission, in the click itself (the
 * browser prompts only during a user's gesture); turning it off gives the permission back.
 */
export function useCommandLine() {
  const [status, setStatus] = useState<CommandLineStatus>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  const refresh = useCallback(async () => setStatus(await send('cli.status', {})), []);
  useEffect(() => {
    refresh().catch((error) => setProblem(errorMessage(error)));
  }, [refresh]);
  // The host says it is ready a moment after the browser starts it: look again until then.
  const waiting = status?.state === 'connecting';
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void refresh().catch(() => {}), 250);
    return () => clearInterval(timer);
  }, [waiting, refresh]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await work();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const onToggle = (on: boolean) => {
    if (!on) {
      void run(async () => {
        setStatus(await send('cli.enable', { on: false }));
        // Granted at install (a test build) it cannot be removed: it stays, unused.
        await browser.permissions.remove(PERMISSION).catch(() => false);
        await refresh();
      });
      return;
    }
    const asking = browser.permissions.request(PERMISSION);
    // Said before the answer: if the prompt closes this popup, the background still connects once granted.
    const enabling = send('cli.enable', { on: true });
    void run(async () => {
      await enabling;
      if (await asking) return refresh();
      setStatus(await send('cli.enable', { on: false }));
      setProblem('OnceKey needs your permission to talk to programs on this computer.');
    });
  };

  return { status, busy, problem, onToggle };
}
