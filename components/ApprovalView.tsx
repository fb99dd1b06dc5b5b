import { commandText, visibleText } from '@/utils/command-line';
import { KIND_LABELS } from '@/utils/kinds';
import type { ApprovalRequest, Decision } from '@/utils/protocol/native';

interface Props {
  /** undefined while loading; null once the request has ended (answered, cancelled, timed out). */
  request: ApprovalRequest | null | undefined;
  now: number;
  busy: boolean;
  /** Why an answer could not be given. */
  message?: string;
  onDecide: (decision: Decision) => void;
}

const WHAT: Record<ApprovalRequest['purpose'], string> = {
  run: 'It runs with these keys in its environment.',
  env: 'It prints these keys (oncekey env).',
  read: 'It prints this key (oncekey read).',
  ls: 'It lists your Apps and their kinds, without any value.',
};

const appText = ({ app }: ApprovalRequest) => {
  if (!app) return 'Every App: names and kinds only';
  const name = app.name ? visibleText(app.name) : app.portalAppId ? `App ${app.portalAppId}` : 'Unnamed App';
  return app.project ? `${name} (${visibleText(app.project)})` : name;
};

/** The command line asks for an App's keys: what asks, where, for what, and the user's three answers. */
export function ApprovalView({ request, now, busy, message, onDecide }: Props) {
  if (request === undefined) return <p class="screen muted">Opening the request…</p>;
  if (request === null) {
    return (
      <div class="screen">
        <h1>Request ended</h1>
        <p class="muted">It was answered, cancelled, or not answered in time. You can close this window.</p>
      </div>
    );
  }
  const seconds = Math.max(0, Math.ceil((request.expiresAt - now) / 1000));
  const listing = request.purpose === 'ls';
  return (
    <main class="screen approval" aria-labelledby="approval-title">
      <h1 id="approval-title">
        {listing ? 'Allow a command to list your Apps?' : 'Allow a command to read your keys?'}
      </h1>
      <dl>
        <dt>Command</dt>
        <dd>
          <code>{commandText(request.argv)}</code>
        </dd>
        <dt>In</dt>
        <dd>
          <code>{visibleText(request.cwd)}</code>
        </dd>
        <dt>App</dt>
        <dd>{appText(request)}</dd>
        {!listing && (
          <>
            <dt>Keys</dt>
            <dd>{request.kinds.map((kind) => KIND_LABELS[kind]).join(', ')}</dd>
          </>
        )}
      </dl>
      <p class="muted">{WHAT[request.purpose]}</p>
      <p class="muted">{`No answer is a denial, in ${seconds} s.`}</p>
      <div class="decisions">
        <button type="button" class="primary" disabled={busy} onClick={() => onDecide('once')}>
          Allow once
        </button>
        <button type="button" disabled={busy} onClick={() => onDecide('hours')}>
          Allow for 8 hours
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => onDecide('deny')}>
          Deny
        </button>
      </div>
      <p class="muted">"Allow for 8 hours" is for this command in this directory, until OnceKey locks.</p>
      <p role="status" class="notice">
        {message}
      </p>
    </main>
  );
}
