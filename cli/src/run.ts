import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { constants as os } from 'node:os';
import { delimiter, join } from 'node:path';
import { isatty } from 'node:tty';
import { CliError, EXIT } from './errors.ts';
import { Masker } from './mask.ts';

/**
 * Finds a command as the shell would, before anything is asked of OnceKey: a typo must
 * not cost an approval and a History entry. A name with a slash is a path.
 */
export async function findCommand(command: string, env: NodeJS.ProcessEnv): Promise<string> {
  const candidates = command.includes('/')
    ? [command]
    : (env.PATH ?? '').split(delimiter).map((dir) => join(dir || '.', command));
  for (const candidate of candidates) {
    const runnable = await access(candidate, constants.X_OK).then(
      async () => (await stat(candidate)).isFile(),
      () => false,
    );
    if (runnable) return candidate;
  }
  throw new CliError(`oncekey: command not found: ${command}`, EXIT.commandNotFound);
}

/**
 * Signals passed on to the command. Ctrl-C and Ctrl-\ in a terminal already reach it (the
 * terminal signals the whole foreground group), and a second SIGINT means "stop now" to
 * many programs: from a terminal, oncekey only waits for the command to end on those. In a
 * terminal means any of the standard streams is one (`data | oncekey run … -- bot` is still
 * run from one). Asked of the file descriptors, never of `process.stdin`: its first use puts
 * a piped stdin into non-blocking mode, and the command, which shares that pipe, would then
 * fail its reads with EAGAIN.
 */
export const forwarded = (terminal: (fd: number) => boolean = isatty): NodeJS.Signals[] =>
  [0, 1, 2].some((fd) => terminal(fd)) ? ['SIGTERM', 'SIGHUP'] : ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
const WAITED: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT'];

export interface RunOptions {
  command: string[];
  /** The variables to add to this process's environment. */
  variables: Record<string, string>;
  /** Values to conceal in the command's output; none with --no-masking. */
  conceal: string[];
}

/**
 * Runs the command with the variables added to its environment, and resolves with the exit
 * code `oncekey` should give: the command's, or 128 + the signal's number if a signal
 * ended it (as a shell reports it). Masking pipes the command's stdout and stderr through
 * a Masker each; without it they are the terminal's own. Signals that end a program are
 * passed on (see `forwarded`), so the command decides how to stop, and oncekey with it.
 */
export function runCommand({ command, variables, conceal }: RunOptions): Promise<number> {
  const [file, ...args] = command as [string, ...string[]];
  const masking = conceal.length > 0;
  const child = spawn(file, args, {
    env: { ...process.env, ...variables },
    stdio: ['inherit', masking ? 'pipe' : 'inherit', masking ? 'pipe' : 'inherit'],
  });
  if (masking) {
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ] as const) {
      const masker = new Masker(conceal);
      from?.on('data', (chunk: Buffer) => to.write(masker.push(chunk)));
      from?.on('end', () => to.write(masker.end()));
      // Our reader went away (`oncekey run … | head`): so does the command's, as without oncekey.
      to.on('error', () => from?.destroy());
    }
  }
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  const wait = () => {};
  const signals = forwarded();
  for (const signal of signals) process.on(signal, forward);
  for (const signal of WAITED) if (!signals.includes(signal)) process.on(signal, wait);
  return new Promise((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new CliError(`oncekey: command not found: ${file}`, EXIT.commandNotFound)
          : new CliError(`oncekey: could not run ${file}: ${error.message}`, 126),
      );
    });
    child.on('close', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      for (const s of WAITED) process.off(s, wait);
      resolve(code ?? 128 + (signal ? os.signals[signal] : 0));
    });
  });
}
