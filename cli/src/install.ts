import { chmod, mkdir, readFile, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { HOST_NAME } from '../../utils/protocol/native.ts';
import { CliError, EXIT } from './errors.ts';
import { BROWSERS, type Browser, launcherPath, manifestDir, type Place, userDataManifestDir } from './paths.ts';

/** OnceKey's Firefox id (wxt.config.ts, browser_specific_settings.gecko.id). */
export const FIREFOX_EXTENSION_ID = 'oncekey@oncekey.dev';

const DESCRIPTION = "OnceKey's command line: passes `oncekey` requests to the extension, each approved by you.";

/** A path in single quotes for sh. */
const quoted = (path: string) => `'${path.replaceAll("'", `'\\''`)}'`;

/**
 * The script the browser starts as the host: this Node and this file, by absolute path,
 * since a browser started from a desktop menu may have another PATH than your shell.
 */
export function launcherScript(node: string, script: string): string {
  return [
    '#!/bin/sh',
    '# Written by `oncekey install`; `oncekey uninstall` removes it. The browser starts this',
    "# to run OnceKey's native messaging host.",
    `exec ${quoted(node)} ${quoted(script)} host "$@"`,
    '',
  ].join('\n');
}

/** A host manifest: Chromium names the extensions allowed by origin, Firefox by id. */
export function hostManifest(browser: Browser, launcher: string, extensionId?: string): object {
  const common = { name: HOST_NAME, description: DESCRIPTION, path: launcher, type: 'stdio' };
  return browser === 'firefox'
    ? { ...common, allowed_extensions: [FIREFOX_EXTENSION_ID] }
    : { ...common, allowed_origins: [`chrome-extension://${extensionId}/`] };
}

export interface InstallOptions {
  place: Place;
  browsers: Browser[];
  extensionId?: string;
  /** Only this Chromium profile (`--user-data-dir`), not the browsers' usual folders. */
  userDataDir?: string;
  /** The Node and the script the launcher starts. */
  node: string;
  script: string;
}

function targets({ place, browsers, userDataDir }: Pick<InstallOptions, 'place' | 'browsers' | 'userDataDir'>) {
  if (userDataDir) return [{ browser: 'chromium' as Browser, dir: userDataManifestDir(userDataDir) }];
  return browsers.map((browser) => ({ browser, dir: manifestDir(browser, place) }));
}

/** Writes the launcher and one manifest a browser; returns the files written. */
export async function install(options: InstallOptions): Promise<string[]> {
  const chosen = targets(options);
  if (chosen.some((t) => t.browser !== 'firefox') && !options.extensionId) {
    throw new CliError(
      'oncekey install needs --extension-id ID for Chromium and Chrome: OnceKey\'s Settings, "Command line", shows the whole command.',
      EXIT.usage,
    );
  }
  const launcher = launcherPath(options.place);
  await mkdir(dirname(launcher), { recursive: true, mode: 0o700 });
  await writeFile(launcher, launcherScript(options.node, options.script), { mode: 0o700 });
  await chmod(launcher, 0o700);
  const written = [launcher];
  for (const { browser, dir } of chosen) {
    const file = join(dir, `${HOST_NAME}.json`);
    await mkdir(dir, { recursive: true });
    await writeFile(file, `${JSON.stringify(hostManifest(browser, launcher, options.extensionId), null, 2)}\n`, {
      mode: 0o644,
    });
    written.push(file);
  }
  return written;
}

/** Whether `file` is a manifest of OnceKey's host (so that uninstall removes nothing else). */
async function isOurs(file: string): Promise<boolean> {
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as { name?: unknown }).name === HOST_NAME;
  } catch {
    return false;
  }
}

/**
 * Removes what install wrote; returns the files removed. The launcher goes with the last
 * manifest in the browsers' usual folders (one left in a `--user-data-dir` profile still
 * needs it, so uninstalling from a profile keeps it).
 */
export async function uninstall(
  options: Pick<InstallOptions, 'place' | 'browsers' | 'userDataDir'>,
): Promise<string[]> {
  const removed: string[] = [];
  const manifest = (dir: string) => join(dir, `${HOST_NAME}.json`);
  for (const { dir } of targets(options)) {
    if (await isOurs(manifest(dir))) {
      await unlink(manifest(dir));
      removed.push(manifest(dir));
    }
  }
  if (options.userDataDir) return removed;
  for (const browser of BROWSERS) {
    if (await isOurs(manifest(manifestDir(browser, options.place)))) return removed;
  }
  const launcher = launcherPath(options.place);
  const script = await readFile(launcher, 'utf8').catch(() => '');
  if (script.includes('`oncekey install`')) {
    await unlink(launcher);
    removed.push(launcher);
    await rmdir(dirname(launcher)).catch(() => undefined);
  }
  return removed;
}
