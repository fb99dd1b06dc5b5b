// @ts-check
// OnceKey's command line in a test Chromium: a profile where `oncekey` can reach the
// extension, shared by the end-to-end tests and the benchmark.
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EXTENSION_DIR, extensionId, launchWithExtension } from './chromium.mjs';

export const CLI = resolve(import.meta.dirname, '../cli/dist/oncekey.cjs');

/**
 * The Chrome build with `nativeMessaging` granted at install. A user grants it from
 * Settings, through the browser's permission prompt; headless Chromium shows that prompt
 * where nothing can answer it, and has no switch to accept it. So the tests load this
 * copy, where the prompt is not needed: `permissions.request` resolves true at once, and
 * every other line of the flow (Settings' switch, the background, the host) is the real one.
 * The build itself keeps the permission optional (tests/e2e/command-line.spec.ts checks).
 * @param {string} dir
 */
export async function grantedBuild(dir) {
  await cp(EXTENSION_DIR, dir, { recursive: true });
  const file = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8'));
  manifest.permissions = [...manifest.permissions, 'nativeMessaging'];
  await writeFile(file, JSON.stringify(manifest));
  return dir;
}

/**
 * @typedef {{
 *   context: import('@playwright/test').BrowserContext,
 *   extensionId: string,
 *   env: NodeJS.ProcessEnv,
 *   home: string,
 *   runtime: string,
 *   close: () => Promise<void>,
 * }} CommandLineBrowser
 */

/**
 * Chromium on a fresh profile with the granted build, and `oncekey install` run for that
 * profile (--user-data-dir: Chromium reads user-level hosts from there). `env` is what
 * oncekey runs with: a private XDG_RUNTIME_DIR, shared with the browser (the host inherits
 * it, so both find the same socket), and a home of its own for the launcher.
 * @returns {Promise<CommandLineBrowser>}
 */
export async function launchWithCommandLine() {
  const root = await mkdtemp(join(tmpdir(), 'oncekey-cli-'));
  const [home, runtime, profile] = /** @type {[string, string, string]} */ (
    ['home', 'runtime', 'profile'].map((name) => join(root, name))
  );
  await mkdir(runtime, { mode: 0o700 });
  await mkdir(home);
  const extensionDir = await grantedBuild(join(root, 'extension'));
  const env = { ...process.env, XDG_RUNTIME_DIR: runtime, HOME: home, XDG_DATA_HOME: '', XDG_CONFIG_HOME: '' };
  const context = await launchWithExtension(
    profile,
    { env: { ...process.env, XDG_RUNTIME_DIR: runtime } },
    extensionDir,
  );
  const id = await extensionId(context);
  const installed = await oncekey(['install', '--extension-id', id, '--user-data-dir', profile], { env });
  if (installed.code !== 0) throw new Error(`oncekey install failed: ${installed.stderr}`);
  return {
    context,
    extensionId: id,
    env,
    home,
    runtime,
    close: async () => {
      await context.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * Runs oncekey to its end.
 * @param {string[]} args
 * @param {{ env: NodeJS.ProcessEnv, cwd?: string }} options
 */
export function oncekey(args, options) {
  return node([CLI, ...args], options);
}

/**
 * Runs `node ARGS` (this Node) to its end.
 * @param {string[]} args
 * @param {{ env: NodeJS.ProcessEnv, cwd?: string }} options
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 */
export function node(args, { env, cwd }) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
