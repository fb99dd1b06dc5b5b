import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CliRequest, CliValue, Secrets } from '../../utils/protocol/native.ts';
import { type Command, parseArgs, USAGE } from './args.ts';
import { ask, newNonce } from './client.ts';
import { CliError, EXIT } from './errors.ts';
import { startHost } from './host.ts';
import { install, uninstall } from './install.ts';
import { exportText, listText, oneValue, variablesOf } from './output.ts';
import { type Place, shownDirectory, socketDir } from './paths.ts';
import { findCommand, runCommand } from './run.ts';

const VERSION = '0.1.0';

const print = (text: string) => process.stdout.write(text);

async function secrets(command: Extract<Command, { name: 'run' | 'env' | 'read' }>, place: Place, argv: string[]) {
  const request: CliRequest = {
    type: 'read',
    v: 1,
    nonce: newNonce(),
    caller: { argv, cwd: shownDirectory(process.cwd(), place.home) },
    purpose: command.name,
    app: command.app,
    ...(command.name === 'read' ? { kinds: [command.kind] } : {}),
    ...(command.wait ? { wait: command.wait } : {}),
  };
  const value: CliValue = await ask(request, socketDir(place));
  if (value.type !== 'secrets') throw new CliError('OnceKey answered with something else.');
  return value as Secrets;
}

async function main(args: string[]): Promise<number> {
  if (process.platform === 'win32') throw new CliError('oncekey runs on Linux and macOS only, for now.');
  const command = parseArgs(args);
  const place: Place = { env: process.env, home: homedir(), platform: process.platform };
  const typed = ['oncekey', ...args];
  switch (command.name) {
    case 'help':
      print(`${USAGE}\n`);
      return 0;
    case 'version':
      print(`oncekey ${VERSION}\n`);
      return 0;
    case 'host':
      return new Promise((resolve) => {
        // The browser went away mid-write: the host stops as when it closes stdin.
        process.stdout.on('error', () => resolve(1));
        startHost({ input: process.stdin, output: process.stdout, dir: socketDir(place), onStopped: resolve }).catch(
          () => resolve(1),
        );
      });
    case 'install': {
      const script = fileURLToPath(import.meta.url);
      const written = await install({ ...command, place, node: process.execPath, script });
      print(`Registered OnceKey's command line:\n${written.map((f) => `  ${f}\n`).join('')}`);
      print('Now turn on "Command line" in OnceKey\'s Settings.\n');
      return 0;
    }
    case 'uninstall': {
      const removed = await uninstall({ ...command, place });
      print(removed.length ? `Removed:\n${removed.map((f) => `  ${f}\n`).join('')}` : 'Nothing to remove.\n');
      return 0;
    }
    case 'ls': {
      const request: CliRequest = {
        type: 'ls',
        v: 1,
        nonce: newNonce(),
        caller: { argv: typed, cwd: shownDirectory(process.cwd(), place.home) },
        ...(command.wait ? { wait: command.wait } : {}),
      };
      const value = await ask(request, socketDir(place));
      if (value.type !== 'apps') throw new CliError('OnceKey answered with something else.');
      print(command.json ? `${JSON.stringify(value.apps, null, 2)}\n` : listText(value.apps));
      return 0;
    }
    case 'read':
      print(`${oneValue(await secrets(command, place, typed), command.kind)}\n`);
      return 0;
    case 'env':
      print(exportText(await secrets(command, place, typed), command.format, command.naming));
      return 0;
    case 'run': {
      await findCommand(command.command[0] as string, process.env);
      const got = await secrets(command, place, command.command);
      const variables = variablesOf(got, command.naming);
      return runCommand({
        command: command.command,
        variables,
        conceal: command.masking ? Object.values(variables) : [],
      });
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof CliError;
    process.stderr.write(`${known ? error.message : `oncekey: ${error instanceof Error ? error.message : error}`}\n`);
    process.exitCode = known ? error.exitCode : EXIT.failure;
  },
);
