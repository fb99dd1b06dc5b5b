import { isValidPrefix, PREFIX_RULE, type PresetId } from '../../utils/export/presets.ts';
import { KIND_LABELS, KINDS, type Kind } from '../../utils/kinds.ts';
import { APPROVAL_SECONDS, PRESET_IDS } from '../../utils/protocol/native.ts';
import { CliError, EXIT } from './errors.ts';
import { BROWSERS, type Browser } from './paths.ts';

/** The variable names to give the values: an export preset, and the prefix of 'custom'. */
export interface Naming {
  preset: PresetId;
  customPrefix?: string;
}

export type EnvFormat = 'env' | 'shell' | 'json';

export type Command =
  | { name: 'run'; app: string; naming?: Naming; masking: boolean; wait?: number; command: string[] }
  | { name: 'env'; app: string; format: EnvFormat; naming?: Naming; wait?: number }
  | { name: 'read'; app: string; kind: Kind; wait?: number }
  | { name: 'ls'; json: boolean; wait?: number }
  | { name: 'install'; extensionId?: string; browsers: Browser[]; userDataDir?: string }
  | { name: 'uninstall'; browsers: Browser[]; userDataDir?: string }
  | { name: 'host' }
  | { name: 'help' }
  | { name: 'version' };

export const USAGE = `Usage:
  oncekey run --app NAME [--names PRESET] [--no-masking] -- COMMAND [ARGS…]
      Runs COMMAND with the App's current keys in its environment. Its output has every
      value replaced with <concealed by OnceKey>, unless --no-masking. Exits with its code.
  oncekey env --app NAME [--format dotenv|shell|json] [--names PRESET]
      Prints the App's keys, for a pipe (never to a file by itself).
  oncekey read NAME/KIND       Prints one value, e.g. oncekey read "My bot/API Key Secret".
  oncekey ls [--json]          Lists Apps and their kinds, without values.
  oncekey install --extension-id ID [--browser chromium,chrome,firefox] [--user-data-dir DIR]
      Registers OnceKey's native messaging host for this user (Settings shows your ID).
  oncekey uninstall [--browser …] [--user-data-dir DIR]

Every read is approved in the browser ("Allow once", "Allow for 8 hours", "Deny").
  --names PRESET    ${PRESET_IDS.join(', ')}; with --prefix P for custom (default: the App's export names)
  --timeout S       seconds to wait for your answer (1–${APPROVAL_SECONDS}, default ${APPROVAL_SECONDS})

Exit codes: 2 usage, 3 denied or no answer, 4 locked, 5 not found, 6 OnceKey not reachable, 1 other.`;

const usage = (message: string) => new CliError(`${message}\n\n${USAGE}`, EXIT.usage);

/** "API Key Secret", "api-key-secret" and "apiKeySecret" all name one kind. */
const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

export function parseKind(text: string): Kind {
  const wanted = squash(text);
  const kind = KINDS.find((k) => squash(k) === wanted || squash(KIND_LABELS[k]) === wanted);
  if (!kind) throw usage(`Unknown kind "${text}": use one of ${Object.values(KIND_LABELS).join(', ')}.`);
  return kind;
}

/** Which options a command takes: those with a value, and the switches. */
const OPTIONS: Record<string, { values: string[]; switches: string[] }> = {
  run: { values: ['--app', '--names', '--prefix', '--timeout'], switches: ['--no-masking'] },
  env: { values: ['--app', '--names', '--prefix', '--timeout', '--format'], switches: [] },
  read: { values: ['--timeout'], switches: [] },
  ls: { values: ['--timeout'], switches: ['--json'] },
  install: { values: ['--extension-id', '--browser', '--user-data-dir'], switches: [] },
  uninstall: { values: ['--browser', '--user-data-dir'], switches: [] },
};

interface Parsed {
  values: Map<string, string>;
  switches: Set<string>;
  positional: string[];
}

/**
 * `--name value` or `--name=value`. Options end at `--` or, for `run`, at the first word
 * that is not one: the command and its own options follow.
 */
function parseOptions(command: string, args: string[]): Parsed {
  const spec = OPTIONS[command] as { values: string[]; switches: string[] };
  const parsed: Parsed = { values: new Map(), switches: new Set(), positional: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      parsed.positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (command === 'run') {
        parsed.positional.push(...args.slice(i));
        break;
      }
      parsed.positional.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    if (spec.switches.includes(name)) {
      if (inline !== undefined) throw usage(`${name} takes no value.`);
      parsed.switches.add(name);
    } else if (spec.values.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw usage(`${name} needs a value.`);
      if (parsed.values.has(name)) throw usage(`${name} is given twice.`);
      parsed.values.set(name, value);
    } else {
      throw usage(`oncekey ${command} has no option ${name}.`);
    }
  }
  return parsed;
}

function naming(values: Map<string, string>): Naming | undefined {
  const preset = values.get('--names');
  const prefix = values.get('--prefix');
  if (preset === undefined && prefix === undefined) return undefined;
  if (preset !== undefined && !(PRESET_IDS as string[]).includes(preset)) {
    throw usage(`Unknown --names "${preset}": use one of ${PRESET_IDS.join(', ')}.`);
  }
  if (prefix !== undefined && preset !== undefined && preset !== 'custom') {
    throw usage('--prefix goes with --names custom (or alone).');
  }
  if (prefix === undefined) {
    if (preset === 'custom') throw usage('--names custom needs --prefix PREFIX.');
    return { preset: preset as PresetId };
  }
  if (!isValidPrefix(prefix)) throw usage(`The prefix "${prefix}" is not valid: use ${PREFIX_RULE} characters.`);
  return { preset: 'custom', customPrefix: prefix };
}

function wait(values: Map<string, string>): number | undefined {
  const text = values.get('--timeout');
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!/^\d+$/.test(text) || seconds < 1 || seconds > APPROVAL_SECONDS) {
    throw usage(`--timeout takes whole seconds from 1 to ${APPROVAL_SECONDS}.`);
  }
  return seconds;
}

function app(values: Map<string, string>, command: string): string {
  const name = values.get('--app');
  if (!name) throw usage(`oncekey ${command} needs --app NAME (oncekey ls lists them).`);
  return name;
}

function browsers(values: Map<string, string>): Browser[] {
  const text = values.get('--browser');
  if (text === undefined) return [...BROWSERS];
  const chosen = text.split(',').map((b) => b.trim().toLowerCase());
  for (const b of chosen) {
    if (!(BROWSERS as string[]).includes(b)) throw usage(`Unknown browser "${b}": use ${BROWSERS.join(', ')}.`);
  }
  return [...new Set(chosen)] as Browser[];
}

const FORMATS: Record<string, EnvFormat> = { dotenv: 'env', env: 'env', shell: 'shell', json: 'json' };

/** Turns `oncekey`'s arguments (without node and the script) into a command, or a usage error. */
export function parseArgs(args: readonly string[]): Command {
  const [first, ...rest] = args;
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') return { name: 'help' };
  if (first === '--version' || first === 'version') return { name: 'version' };
  // The browser starts the host with arguments of its own (the extension's origin): ignored.
  if (first === 'host') return { name: 'host' };
  if (!Object.hasOwn(OPTIONS, first)) throw usage(`Unknown command "${first}".`);
  const { values, switches, positional } = parseOptions(first, rest);
  if (first !== 'run' && first !== 'read' && positional.length) {
    throw usage(`oncekey ${first} takes no argument "${positional[0]}".`);
  }
  const names = naming(values);
  const seconds = wait(values);
  const asked = { ...(names ? { naming: names } : {}), ...(seconds ? { wait: seconds } : {}) };
  switch (first) {
    case 'run':
      if (!positional.length) throw usage('oncekey run needs a command after --.');
      return {
        name: 'run',
        app: app(values, first),
        masking: !switches.has('--no-masking'),
        command: positional,
        ...asked,
      };
    case 'env': {
      const format = FORMATS[values.get('--format') ?? 'dotenv'];
      if (!format) throw usage(`Unknown --format "${values.get('--format')}": use dotenv, shell or json.`);
      return { name: 'env', app: app(values, first), format, ...asked };
    }
    case 'read': {
      const [target, extra] = positional;
      if (!target || extra !== undefined) throw usage('oncekey read takes one NAME/KIND, e.g. "My bot/API Key".');
      const slash = target.lastIndexOf('/');
      if (slash <= 0 || slash === target.length - 1)
        throw usage(`"${target}" is not NAME/KIND, e.g. "My bot/API Key".`);
      return { name: 'read', app: target.slice(0, slash), kind: parseKind(target.slice(slash + 1)), ...asked };
    }
    case 'ls':
      return { name: 'ls', json: switches.has('--json'), ...(seconds ? { wait: seconds } : {}) };
    default: {
      const userDataDir = values.get('--user-data-dir');
      const chosen = browsers(values);
      // The folder is a Chromium profile's: Firefox reads no host from there.
      if (userDataDir !== undefined && values.has('--browser') && chosen.includes('firefox')) {
        throw usage('--user-data-dir is a Chromium profile: use it with --browser chromium or chrome, not firefox.');
      }
      const common = { browsers: chosen, ...(userDataDir ? { userDataDir } : {}) };
      if (first === 'uninstall') return { name: 'uninstall', ...common };
      const extensionId = values.get('--extension-id');
      if (extensionId !== undefined && !/^[a-p]{32}$/.test(extensionId)) {
        throw usage(`"${extensionId}" is not an extension ID: 32 letters a to p, as OnceKey's Settings shows it.`);
      }
      return { name: 'install', ...common, ...(extensionId ? { extensionId } : {}) };
    }
  }
}
