import { useEffect, useState } from 'preact/hooks';
import { ApprovalView } from '@/components/ApprovalView';
import { send } from '@/utils/protocol/client';
import type { ApprovalRequest, Decision } from '@/utils/protocol/native';
import { errorMessage } from '../popup/lib/wording';

/**
 * The approval window's page: reads the request it was opened for from the background,
 * counts down to its automatic denial, sends the user's answer and closes. (When the time
 * is up, or oncekey gives up, the background closes it.)
 */
export function ApprovePage({ id }: { id: string }) {
  const [request, setRequest] = useState<ApprovalRequest | null>();
  const [now, setNow] = useState(Date.now());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();

  useEffect(() => {
    send('cli.approval', { id })
      .then(setRequest)
      .catch(() => setRequest(null));
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [id]);
  // Past its time, the request is over: the background has denied it.
  const ended = request && now >= request.expiresAt;

  const decide = async (decision: Decision) => {
    setBusy(true);
    try {
      await send('cli.decide', { id, decision });
      setRequest(null);
      window.close();
    } catch (error) {
      setMessage(errorMessage(error));
      setBusy(false);
    }
  };
  return <ApprovalView request={ended ? null : request} now={now} busy={busy} message={message} onDecide={decide} />;
}
