import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { install, uninstall } from '@/cli/src/install';
import type { Place } from '@/cli/src/paths';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
let home: string;
let place: Place;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'oncekey-home-'));
  place = { env: {}, home, platform: 'linux' };
});
afterEach(() => rm(home, { recursive: true, force: true }));

const json = async (path: string) => JSON.parse(await readFile(path, 'utf8'));
const node = '/opt/node 20/bin/node';
const script = "/home/me/it's/oncekey.js";

describe('oncekey install and uninstall', () => {
  it('registers the host for Chromium, Chrome and Firefox, each allowing only OnceKey', async () => {
    const written = await install({
      place,
      browsers: ['chromium', 'chrome', 'firefox'],
      extensionId: ID,
      node,
      script,
    });
    const launcher = join(home, '.local/share/oncekey/oncekey-host');
    expect(written).toEqual([
      launcher,
      join(home, '.config/chromium/NativeMessagingHosts/dev.oncekey.cli.json'),
      join(home, '.config/google-chrome/NativeMessagingHosts/dev.oncekey.cli.json'),
      join(home, '.mozilla/native-messaging-hosts/dev.oncekey.cli.json'),
    ]);
    expect(await json(written[1] as string)).toEqual({
      name: 'dev.oncekey.cli',
      description: expect.any(String),
      path: launcher,
      type: 'stdio',
      allowed_origins: [`chrome-extension://${ID}/`],
    });
    expect(await json(written[3] as string)).toMatchObject({
      path: launcher,
      allowed_extensions: ['oncekey@oncekey.dev'],
    });
    // This Node and this script, quoted for sh, whatever their paths hold.
    expect(await readFile(launcher, 'utf8')).toContain(
      `exec '/opt/node 20/bin/node' '/home/me/it'\\''s/oncekey.js' host "$@"`,
    );
    expect((await stat(launcher)).mode & 0o777).toBe(0o700);
  });

  it('follows XDG_CONFIG_HOME and macOS’s folders', async () => {
    const config = join(home, 'cfg');
    const linux = await install({
      place: { ...place, env: { XDG_CONFIG_HOME: config } },
      browsers: ['chrome'],
      extensionId: ID,
      node,
      script,
    });
    expect(linux[1]).toBe(join(config, 'google-chrome/NativeMessagingHosts/dev.oncekey.cli.json'));
    const mac = await install({
      place: { ...place, platform: 'darwin' },
      browsers: ['chromium', 'firefox'],
      extensionId: ID,
      node,
      script,
    });
    expect(mac).toEqual([
      join(home, 'Library/Application Support/OnceKey/oncekey-host'),
      join(home, 'Library/Application Support/Chromium/NativeMessagingHosts/dev.oncekey.cli.json'),
      join(home, 'Library/Application Support/Mozilla/NativeMessagingHosts/dev.oncekey.cli.json'),
    ]);
  });

  it('needs the extension id for Chromium, not for Firefox alone', async () => {
    await expect(install({ place, browsers: ['chromium'], node, script })).rejects.toThrow(/needs --extension-id/);
    await expect(install({ place, browsers: ['firefox'], node, script })).resolves.toHaveLength(2);
  });

  it('writes only into a Chromium profile given by --user-data-dir', async () => {
    const profile = join(home, 'profile');
    const written = await install({
      place,
      browsers: ['firefox'],
      userDataDir: profile,
      extensionId: ID,
      node,
      script,
    });
    expect(written[1]).toBe(join(profile, 'NativeMessagingHosts/dev.oncekey.cli.json'));
    expect(await uninstall({ place, browsers: [], userDataDir: profile })).toEqual([written[1]]);
  });

  it('removes its own files only, and the launcher with the last manifest', async () => {
    const written = await install({ place, browsers: ['chromium', 'firefox'], extensionId: ID, node, script });
    const stranger = join(home, '.config/google-chrome/NativeMessagingHosts/dev.oncekey.cli.json');
    await install({ place, browsers: ['chrome'], extensionId: ID, node, script });
    await writeFile(stranger, JSON.stringify({ name: 'someone.else' }));
    expect(await uninstall({ place, browsers: ['firefox'] })).toEqual([written[2]]);
    expect(await uninstall({ place, browsers: ['chromium', 'chrome', 'firefox'] })).toEqual([written[1], written[0]]);
    expect(await json(stranger)).toEqual({ name: 'someone.else' });
    expect(await uninstall({ place, browsers: ['chromium', 'chrome', 'firefox'] })).toEqual([]);
  });
});
