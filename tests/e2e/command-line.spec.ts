import { existsSync } from 'node:fs';
import { lstat, mkdir, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { CLI, type CommandLineBrowser, launchWithCommandLine, oncekey } from '../../scripts/command-line.mjs';
import { expect, lock, saveCapture, sendFromPage, startVault, test, unlock } from './fixtures';

const KEY = 'Kb4Wm2Pz9Rt4Vb8Nc3Jd6Hf1Q';
const SECRET = 'Pq2Wr4Et6Yu8Io0Pa1Sd3Fg5Hj7Kl9Zx2Cv4Bn6Mq8We0Rt1Yu';
const CONCEALED = '<concealed by OnceKey>';

/**
 * A bot as a user would run it: prints its keys (which masking must catch), the keys
 * reversed (which it cannot, so the test sees what the process received), and exits 7.
 */
const BOT = [
  'node',
  '-e',
  [
    'const { X_API_KEY: key, X_API_SECRET: secret } = process.env;',
    'console.log(JSON.stringify([key, secret].map((v) => [...(v ?? "")].reverse().join(""))));',
    'console.log("key " + key);',
    'console.error("secret " + secret);',
    'process.exit(7);',
  ].join(' '),
];
const reversed = (value: string) => [...value].reverse().join('');

const cli = test.extend<{ cliBrowser: CommandLineBrowser; popup: Page; bot: string }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
  cliBrowser: async ({}, use) => {
    if (!existsSync(CLI)) throw new Error('No build of the CLI at cli/dist: run `npm run build:cli` first.');
    const launched = await launchWithCommandLine();
    await use(launched);
    await launched.close();
  },
  /** The popup, with a vault holding pipit-bot's two keys, and "Command line" turned on in Settings. */
  popup: async ({ cliBrowser: browser }, use) => {
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await startVault(popup);
    await saveCapture(popup, '28000031', 'pipit-bot', [
      { kind: 'apiKey', value: KEY },
      { kind: 'apiKeySecret', value: SECRET },
    ]);
    await popup.getByRole('button', { name: 'Settings' }).click();
    const section = popup.getByRole('region', { name: 'Command line' });
    const toggle = section.getByRole('checkbox', { name: 'Command line' });
    // The box follows the background's status, not the click: it shows checked once the host is connected.
    await toggle.click();
    await expect(toggle).toBeChecked();
    await expect(section.getByText('On: oncekey can ask for an App’s keys.')).toBeVisible();
    await use(popup);
  },
  /** The bot's folder, under the home directory oncekey runs with. */
  bot: async ({ cliBrowser: browser }, use) => {
    const dir = join(browser.home, 'pipit');
    await mkdir(dir);
    await use(dir);
  },
});

// Each test starts Chromium, creates a vault and waits out Settings' key-derivation measurement.
test.describe.configure({ timeout: 120_000 });

/** The next approval window the background opens. */
const approvalPage = (browser: CommandLineBrowser) =>
  browser.context.waitForEvent('page', { predicate: (page) => page.url().includes('/approve.html') });

cli(
  'oncekey run: approved in the browser, the command gets exactly the saved values, masked in its output',
  async ({ cliBrowser: browser, popup, bot }) => {
    const approval = approvalPage(browser);
    const running = oncekey(['run', '--app', 'pipit-bot', '--', ...BOT], { env: browser.env, cwd: bot });
    const page = await approval;
    await expect(page.getByRole('heading', { name: 'Allow a command to read your keys?' })).toBeVisible();
    await expect(page.getByText("node -e 'const { X_API_KEY: key")).toBeVisible();
    await expect(page.getByText('~/pipit', { exact: true })).toBeVisible();
    await expect(page.getByText('pipit-bot', { exact: true })).toBeVisible();
    await expect(page.getByText('API Key, API Key Secret', { exact: true })).toBeVisible();
    const closed = page.waitForEvent('close');
    await page.getByRole('button', { name: 'Allow once' }).click();
    // The window closes itself once the answer is given.
    await closed;

    const { code, stdout, stderr } = await running;
    expect(code).toBe(7);
    expect(stdout).toBe(`${JSON.stringify([reversed(KEY), reversed(SECRET)])}\nkey ${CONCEALED}\n`);
    expect(stderr).toBe(`secret ${CONCEALED}\n`);

    // The History says who read what.
    await popup.getByRole('button', { name: 'Back', exact: true }).click();
    await popup.getByRole('button', { name: 'History for pipit-bot' }).click();
    await expect(popup.getByRole('region', { name: 'Activity' })).toContainText(
      "read by `node -e 'const { X_API_KEY: key",
    );
    await expect(popup.getByRole('region', { name: 'Activity' })).toContainText('in ~/pipit: API Key, API Key Secret');

    // --no-masking: the command's output is its own.
    const unmasked = approvalPage(browser);
    const plain = oncekey(['run', '--app', 'pipit-bot', '--no-masking', '--', ...BOT], { env: browser.env, cwd: bot });
    await (await unmasked).getByRole('button', { name: 'Allow once' }).click();
    expect(await plain).toMatchObject({
      code: 7,
      stdout: expect.stringContaining(`key ${KEY}\n`),
      stderr: `secret ${SECRET}\n`,
    });
  },
);

cli(
  '"Allow for 8 hours" lets the same command in the same folder run again without a click',
  async ({ cliBrowser: browser, popup, bot }) => {
    const approval = approvalPage(browser);
    const first = oncekey(['run', '--app', 'pipit-bot', '--', ...BOT], { env: browser.env, cwd: bot });
    await (await approval).getByRole('button', { name: 'Allow for 8 hours' }).click();
    expect((await first).code).toBe(7);

    const opened: Page[] = [];
    browser.context.on('page', (page) => opened.push(page));
    const second = await oncekey(['run', '--app', 'pipit-bot', '--', ...BOT], { env: browser.env, cwd: bot });
    expect(second.code).toBe(7);
    expect(second.stdout).toContain(JSON.stringify([reversed(KEY), reversed(SECRET)]));
    expect(opened).toHaveLength(0);

    // Another folder is another grant: asked again (and denied here). So is `env`.
    const elsewhere = approvalPage(browser);
    const other = oncekey(['env', '--app', 'pipit-bot'], { env: browser.env, cwd: browser.home });
    await (await elsewhere).getByRole('button', { name: 'Deny' }).click();
    expect(await other).toMatchObject({ code: 3, stdout: '', stderr: 'Denied in OnceKey.\n' });

    // Locking ends the grant: the same command is refused at once, with no window.
    await popup.getByRole('button', { name: 'Back', exact: true }).click();
    await lock(popup);
    expect(await oncekey(['run', '--app', 'pipit-bot', '--', ...BOT], { env: browser.env, cwd: bot })).toMatchObject({
      code: 4,
      stderr: 'Unlock OnceKey first.\n',
    });
    // One window so far: the one for `env` in the other folder.
    expect(opened).toHaveLength(1);
    await unlock(popup);
    await expect(popup.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
    const asked = approvalPage(browser);
    const again = oncekey(['read', 'pipit-bot/API Key'], { env: browser.env, cwd: bot });
    await (await asked).getByRole('button', { name: 'Allow once' }).click();
    expect(await again).toMatchObject({ code: 0, stdout: `${KEY}\n` });
  },
);

cli(
  'Deny, and no answer in time, end oncekey with a clear message and no values',
  async ({ cliBrowser: browser, popup, bot }) => {
    const denied = approvalPage(browser);
    const deny = oncekey(['run', '--app', 'pipit-bot', '--', ...BOT], { env: browser.env, cwd: bot });
    await (await denied).getByRole('button', { name: 'Deny' }).click();
    expect(await deny).toEqual({ code: 3, stdout: '', stderr: 'Denied in OnceKey.\n' });

    // --timeout shortens the 60 s wait: the window closes itself and oncekey says why.
    const ignored = approvalPage(browser);
    const timeout = oncekey(['run', '--app', 'pipit-bot', '--timeout', '2', '--', ...BOT], {
      env: browser.env,
      cwd: bot,
    });
    const page = await ignored;
    const closed = page.waitForEvent('close');
    await expect(page.getByText(/No answer is a denial, in [12] s\./)).toBeVisible();
    await closed;
    expect(await timeout).toEqual({ code: 3, stdout: '', stderr: 'No answer in OnceKey within 2 s: denied.\n' });

    // Nothing was read: the History has no read in it.
    await popup.getByRole('button', { name: 'Back', exact: true }).click();
    await popup.getByRole('button', { name: 'History for pipit-bot' }).click();
    await expect(popup.getByRole('region', { name: 'Activity' })).not.toContainText('read by');

    expect(await oncekey(['run', '--app', 'nobody', '--', ...BOT], { env: browser.env, cwd: bot })).toMatchObject({
      code: 5,
      stderr: 'No App called "nobody" in OnceKey: oncekey ls lists them.\n',
    });
  },
);

cli(
  'the socket is private to its user, and a malformed or oversized message is refused',
  async ({ cliBrowser: browser, popup }) => {
    await expect(popup.getByRole('region', { name: 'Command line' })).toBeVisible();
    const dir = join(browser.runtime, 'oncekey');
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const socket = await lstat(join(dir, 'cli.sock'));
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o600);

    /** Sends raw bytes to the host and returns its answer. */
    const send = (bytes: Buffer) =>
      new Promise<string>((resolve, reject) => {
        const connection = connect(join(dir, 'cli.sock'), () => connection.write(bytes));
        let answer = Buffer.alloc(0);
        connection.on('data', (chunk: Buffer) => {
          answer = Buffer.concat([answer, chunk]);
        });
        connection.on('close', () => resolve(answer.subarray(4).toString()));
        connection.on('error', reject);
      });
    const refused = JSON.stringify({
      nonce: null,
      ok: false,
      error: { code: 'invalid', message: 'OnceKey refused a malformed or oversized message.' },
    });
    const frame = (text: string) => {
      const header = Buffer.alloc(4);
      header.writeUInt32LE(Buffer.byteLength(text));
      return Buffer.concat([header, Buffer.from(text)]);
    };
    expect(await send(frame('{"type":"read","app":"pipit-bot"}'))).toBe(refused);
    expect(await send(frame('not json'))).toBe(refused);
    const huge = Buffer.alloc(4);
    huge.writeUInt32LE(50 * 1024 * 1024);
    expect(await send(huge)).toBe(refused);
    // None of them reached the browser: no approval window, and the command line still works.
    expect(browser.context.pages().some((page) => page.url().includes('/approve.html'))).toBe(false);
    const listed = approvalPage(browser);
    const ls = oncekey(['ls'], { env: browser.env });
    await expect((await listed).getByRole('heading', { name: 'Allow a command to list your Apps?' })).toBeVisible();
    await (await listed).getByRole('button', { name: 'Allow once' }).click();
    expect(await ls).toMatchObject({ code: 0, stdout: 'pipit-bot  API Key, API Key Secret\n' });
  },
);

test('the build asks for nativeMessaging only when the user turns "Command line" on', async ({ openPopup }) => {
  const popup = await openPopup();
  await startVault(popup);
  const granted = await popup.evaluate(() => {
    const { chrome } = globalThis as unknown as {
      chrome: { permissions: { contains(p: object): Promise<boolean> }; runtime: { getManifest(): object } };
    };
    return Promise.all([
      chrome.permissions.contains({ permissions: ['nativeMessaging'] }),
      chrome.runtime.getManifest(),
    ]);
  });
  expect(granted).toEqual([false, expect.objectContaining({ optional_permissions: ['nativeMessaging'] })]);
  await popup.getByRole('button', { name: 'Settings' }).click();
  const section = popup.getByRole('region', { name: 'Command line' });
  await expect(section.getByRole('checkbox', { name: 'Command line' })).toBeEnabled();
  await expect(section.getByRole('checkbox', { name: 'Command line' })).not.toBeChecked();
  await expect(section.getByText('Off: oncekey cannot reach OnceKey.')).toBeVisible();
  // The commands, extension id and all, wrap within the popup's width.
  await expect(section.getByText(/oncekey install --extension-id [a-p]{32}/)).toBeVisible();
  const overflow = await popup.evaluate(() => {
    const edge = document.body.getBoundingClientRect().right;
    return (
      Math.max(0, ...[...document.body.querySelectorAll('*')].map((el) => el.getBoundingClientRect().right)) - edge
    );
  });
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await sendFromPage(popup, 'cli.status', {})).toMatchObject({ value: { enabled: false, permitted: false } });
});
