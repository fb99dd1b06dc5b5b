// @ts-check
// The command line's benchmark: from starting `oncekey run` to its command starting, with
// "Allow for 8 hours" already given (the user's click is not timed), in Chromium with the
// built extension and the host registered in its profile (scripts/command-line.mjs).

import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { launchWithCommandLine, node, oncekey } from '../../scripts/command-line.mjs';
import { TEST_PASSPHRASE } from '../fixtures/passphrases.js';
import { randomAlnum, stats } from './measure.mjs';

/** The child prints when its process began (ms since the epoch): that is when the command started. */
const CHILD = ['node', '-e', 'process.stdout.write(String(performance.timeOrigin))'];

/**
 * Wall-clock now, in ms, on the same clock as a child's performance.timeOrigin: read from the
 * clock at the moment, not as this process's timeOrigin plus the time since. A VM's clock
 * can be set while the bench runs: on 2026-12-03 each of one full run's 60 `oncekey run`s
 * read ~9.7 s, in a bench that took 9 minutes in all (69 ms in a run of this bench alone just
 * after): its children's start times, read from the clock as set, were compared with this
 * process's clock from before.
 */
const wallNow = () => Date.now();

/**
 * One request straight to the host's socket, as oncekey sends it, timed to its reply: the
 * host, the browser, the vault and back, without starting Node.
 * @param {string} socket
 * @param {object} request
 * @returns {Promise<number>}
 */
function roundTrip(socket, request) {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(JSON.stringify(request));
    const header = Buffer.alloc(4);
    header.writeUInt32LE(body.length);
    const start = performance.now();
    const connection = connect(socket, () => connection.write(Buffer.concat([header, body])));
    let reply = '';
    connection.on('data', (chunk) => {
      reply += chunk.subarray(reply ? 0 : 4).toString();
    });
    connection.on('close', () =>
      reply.includes('"ok":true') ? resolve(performance.now() - start) : reject(new Error(reply)),
    );
    connection.on('error', reject);
  });
}

export async function cliBench(runs = 30) {
  const browser = await launchWithCommandLine();
  try {
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
    await popup.getByLabel('Confirm passphrase').fill(TEST_PASSPHRASE);
    await popup.getByRole('button', { name: 'Create vault' }).click();
    await popup.getByRole('button', { name: 'Lock', exact: true }).waitFor();
    await popup.evaluate(
      (capture) =>
        /** @type {{ chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }} */ (
          /** @type {unknown} */ (globalThis)
        ).chrome.runtime.sendMessage({ type: 'capture.submit', payload: capture }),
      {
        host: 'developer.x.com',
        appId: '28000099',
        appName: 'bench-bot',
        at: Date.now(),
        credentials: [
          { kind: 'apiKey', value: randomAlnum(25) },
          { kind: 'apiKeySecret', value: randomAlnum(50) },
        ],
      },
    );
    await popup.getByRole('button', { name: 'Settings' }).click();
    // Settings measures the key derivation first, holding the background for a few seconds.
    await popup
      .getByText(/unlock takes/)
      .first()
      .waitFor({ timeout: 120_000 });
    await popup.getByRole('checkbox', { name: 'Command line' }).click();
    await popup.getByText('On: oncekey can ask for an App’s keys.').waitFor();

    const dir = join(browser.home, 'bench');
    await mkdir(dir);
    const args = ['run', '--app', 'bench-bot', '--', ...CHILD];
    const approval = browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/approve.html') });
    const first = oncekey(args, { env: browser.env, cwd: dir });
    await (await approval).getByRole('button', { name: 'Allow for 8 hours' }).click();
    await first;

    // This sandbox sets NODE_EXTRA_CA_CERTS, which makes every Node process read and parse a CA
    // file as it starts (tens of ms here, before any of oncekey's code runs). A developer's shell
    // rarely has it; both are measured, the target applies to the first.
    const { NODE_EXTRA_CA_CERTS: extraCerts, ...plain } = browser.env;
    /** @type {[string, NodeJS.ProcessEnv][]} */
    const envs = [['plain', plain]];
    if (extraCerts !== undefined) envs.push(['extraCerts', browser.env]);
    /** @type {Record<string, { toChild: number[], version: number[], bare: number[] }>} */
    const times = Object.fromEntries(envs.map(([name]) => [name, { toChild: [], version: [], bare: [] }]));
    /** @type {number[]} */
    const socket = [];
    for (let i = 0; i < runs; i++) {
      for (const [name, env] of envs) {
        const t = times[name];
        if (!t) continue;
        const start = wallNow();
        const { code, stdout } = await oncekey(args, { env, cwd: dir });
        if (code !== 0) throw new Error(`oncekey run exited ${code}`);
        t.toChild.push(Number(stdout) - start);
        // For comparison: Node starting oncekey and exiting, with no request at all…
        const bare = performance.now();
        await oncekey(['--version'], { env });
        t.version.push(performance.now() - bare);
        // …and Node starting and exiting with no code at all.
        const empty = performance.now();
        await node(['-e', '0'], { env });
        t.bare.push(performance.now() - empty);
      }
      const request = {
        type: 'read',
        v: 1,
        nonce: randomBytes(16).toString('hex'),
        caller: { argv: CHILD, cwd: '~/bench' },
        purpose: 'run',
        app: 'bench-bot',
      };
      socket.push(await roundTrip(join(browser.runtime, 'oncekey', 'cli.sock'), request));
    }
    // Node's own start-up dominates on a busy machine: the load says how busy this one was.
    const statsOf = /** @param {{ toChild: number[], version: number[], bare: number[] } | undefined} t */ (t) =>
      t && { toChild: stats(t.toChild), version: stats(t.version), bare: stats(t.bare) };
    return {
      runs,
      plain: statsOf(times.plain),
      extraCerts: statsOf(times.extraCerts),
      socket: stats(socket),
      load: loadavg()[0] ?? 0,
    };
  } finally {
    await browser.close();
  }
}
