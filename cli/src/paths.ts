import { chmod, lstat, mkdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { CliError, EXIT } from './errors.ts';

/** What the paths depend on: the environment, the home directory and the platform. */
export interface Place {
  env: NodeJS.ProcessEnv;
  home: string;
  platform: NodeJS.Platform;
}

/**
 * Where the host's socket lives: `$XDG_RUNTIME_DIR/oncekey` (a per-user directory the
 * system keeps at mode 0700, emptied at logout), or `~/.oncekey` where there is none
 * (macOS). The XDG specification says to ignore a relative XDG_RUNTIME_DIR.
 */
export function socketDir({ env, home }: Place): string {
  const runtime = env.XDG_RUNTIME_DIR;
  return runtime && isAbsolute(runtime) ? join(runtime, 'oncekey') : join(home, '.oncekey');
}

export const socketPath = (dir: string) => join(dir, 'cli.sock');

/** The working directory as the approval page shows it: under the home directory, with "~". */
export function shownDirectory(cwd: string, home: string): string {
  if (cwd === home) return '~';
  return home && cwd.startsWith(`${home}/`) ? `~${cwd.slice(home.length)}` : cwd;
}

const uid = () => process.getuid?.() ?? -1;

/**
 * Checks that `dir` is a directory (not a link to one) of this user that no one else can
 * enter. This is the check the host and `oncekey` rely on: Node cannot ask the kernel who
 * is at the other end of a Unix socket (SO_PEERCRED), but only this user (and root) can
 * reach a socket inside such a directory. The host creates it, and tightens the mode of a
 * directory of its own; `oncekey` only checks.
 */
export async function privateDir(dir: string, { create }: { create: boolean }): Promise<void> {
  if (create) {
    await mkdir(dir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  const stat = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new CliError(
        'OnceKey is not listening: open your browser, and turn on "Command line" in OnceKey\'s Settings.',
        EXIT.unavailable,
      );
    }
    throw error;
  });
  if (!stat.isDirectory() || stat.uid !== uid()) {
    throw new CliError(`${dir} is not a directory of yours: OnceKey will not use it.`, EXIT.unavailable);
  }
  if ((stat.mode & 0o077) !== 0) {
    if (!create) throw new CliError(`${dir} can be entered by other users: OnceKey will not use it.`, EXIT.unavailable);
    await chmod(dir, 0o700);
  }
}

/** A browser `oncekey install` registers the host with. */
export type Browser = 'chromium' | 'chrome' | 'firefox';
export const BROWSERS: readonly Browser[] = ['chromium', 'chrome', 'firefox'];

/**
 * Where each browser looks for a user's native messaging hosts (Chrome's and Mozilla's
 * documentation): a folder with one `<host name>.json` each.
 */
export function manifestDir(browser: Browser, { env, home, platform }: Place): string {
  if (platform === 'darwin') {
    const support = join(home, 'Library', 'Application Support');
    if (browser === 'firefox') return join(support, 'Mozilla', 'NativeMessagingHosts');
    return join(support, ...(browser === 'chrome' ? ['Google', 'Chrome'] : ['Chromium']), 'NativeMessagingHosts');
  }
  if (browser === 'firefox') return join(home, '.mozilla', 'native-messaging-hosts');
  const config = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(config, browser === 'chrome' ? 'google-chrome' : 'chromium', 'NativeMessagingHosts');
}

/**
 * A Chromium started with `--user-data-dir DIR` reads user-level hosts from
 * `DIR/NativeMessagingHosts` instead (checked with Chromium 156 on Linux).
 */
export const userDataManifestDir = (userDataDir: string) => join(userDataDir, 'NativeMessagingHosts');

/** Where `oncekey install` puts the small script a browser starts as the host. */
export function launcherPath({ env, home, platform }: Place): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'OnceKey', 'oncekey-host');
  const data = env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  return join(data, 'oncekey', 'oncekey-host');
}
