import type { CommandLineStatus } from '@/utils/protocol/native';

interface Props {
  /** undefined until the background has answered. */
  status?: CommandLineStatus;
  busy: boolean;
  /** Why the last change did not happen. */
  problem?: string;
  onToggle: (on: boolean) => void;
}

const STATE: Record<CommandLineStatus['state'], string> = {
  off: 'Off: oncekey cannot reach OnceKey.',
  connecting: 'Connecting to the command line…',
  connected: 'On: oncekey can ask for an App’s keys. You allow or deny each read here.',
  failed: 'The command line is not connected.',
};

/** Settings' "Command line" section: the switch, how it is going, and the three commands a user needs. */
export function CommandLineSettings({ status, busy, problem, onToggle }: Props) {
  const on = !!status && status.enabled && status.permitted;
  return (
    <section class="screen nested" aria-label="Command line">
      <h2>Command line</h2>
      <label class="choice">
        <input
          type="checkbox"
          checked={on}
          disabled={busy || !status}
          onChange={(event) => onToggle(event.currentTarget.checked)}
        />
        <span>Command line</span>
      </label>
      <p class="muted">
        Run a program with an App’s keys in its environment, with no .env file on disk. Turning this on asks your
        browser to let OnceKey talk to programs on this computer.
      </p>
      {status && <p>{status.problem ?? STATE[status.state]}</p>}
      {problem && <p role="alert">{problem}</p>}
      {status && (
        <pre class="commands">
          <code>{`${status.installCommand}\noncekey run --app "My bot" -- node bot.js\noncekey uninstall`}</code>
        </pre>
      )}
    </section>
  );
}
