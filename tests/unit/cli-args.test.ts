import { describe, expect, it } from 'vitest';
import { parseArgs } from '@/cli/src/args';
import { CliError, EXIT } from '@/cli/src/errors';

/** The usage error's first line, or the parsed command. */
function attempt(args: string[]) {
  try {
    return parseArgs(args);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return { exitCode: error.exitCode, message: error.message.split('\n')[0] };
  }
}

describe('oncekey’s arguments', () => {
  it('takes the command after -- or after the last option of run, with its own options untouched', () => {
    expect(parseArgs(['run', '--app', 'rain-alerts', '--', 'node', 'bot.js', '--app', 'x'])).toEqual({
      name: 'run',
      app: 'rain-alerts',
      masking: true,
      command: ['node', 'bot.js', '--app', 'x'],
    });
    expect(parseArgs(['run', '--app=rain alerts', '--no-masking', 'python3', '-u', 'bot.py'])).toEqual({
      name: 'run',
      app: 'rain alerts',
      masking: false,
      command: ['python3', '-u', 'bot.py'],
    });
    expect(attempt(['run', '--app', 'x'])).toEqual({
      exitCode: EXIT.usage,
      message: 'oncekey run needs a command after --.',
    });
    expect(attempt(['run', '--', 'node'])).toMatchObject({ exitCode: EXIT.usage, message: /needs --app NAME/ });
  });

  it('names the variables by a preset, or a custom prefix, and refuses what the export would', () => {
    expect(parseArgs(['env', '--app', 'a', '--names', 'tweepy'])).toMatchObject({ naming: { preset: 'tweepy' } });
    expect(parseArgs(['run', '--app', 'a', '--prefix', 'BOT_', '--', 'env'])).toMatchObject({
      naming: { preset: 'custom', customPrefix: 'BOT_' },
    });
    expect(attempt(['env', '--app', 'a', '--names', 'dotenv'])).toMatchObject({ message: /Unknown --names "dotenv"/ });
    expect(attempt(['env', '--app', 'a', '--names', 'custom'])).toMatchObject({ message: /needs --prefix/ });
    expect(attempt(['env', '--app', 'a', '--prefix', '1BAD'])).toMatchObject({ message: /prefix "1BAD" is not valid/ });
    expect(attempt(['env', '--app', 'a', '--names', 'x', '--prefix', 'A_'])).toMatchObject({
      message: '--prefix goes with --names custom (or alone).',
    });
  });

  it('reads env formats and an approval timeout of 1 to 60 seconds', () => {
    expect(parseArgs(['env', '--app', 'a'])).toEqual({ name: 'env', app: 'a', format: 'env' });
    expect(parseArgs(['env', '--app', 'a', '--format', 'json', '--timeout', '5'])).toEqual({
      name: 'env',
      app: 'a',
      format: 'json',
      wait: 5,
    });
    for (const bad of ['0', '61', '1.5', 'ten', '']) {
      expect(attempt(['ls', '--timeout', bad])).toMatchObject({ exitCode: EXIT.usage, message: /--timeout takes/ });
    }
    expect(attempt(['env', '--app', 'a', '--format', 'yaml'])).toMatchObject({ message: /Unknown --format "yaml"/ });
  });

  it('reads NAME/KIND at the last slash, with the kind as its label or id in any case', () => {
    expect(parseArgs(['read', 'team/bot/API Key Secret'])).toEqual({
      name: 'read',
      app: 'team/bot',
      kind: 'apiKeySecret',
    });
    for (const spelling of ['apiKeySecret', 'api-key-secret', 'API_KEY_SECRET', 'api key secret']) {
      expect(parseArgs(['read', `bot/${spelling}`])).toMatchObject({ kind: 'apiKeySecret' });
    }
    expect(parseArgs(['read', 'bot/OAuth 2.0 Refresh Token'])).toMatchObject({ kind: 'oauth2RefreshToken' });
    expect(attempt(['read', 'bot/password'])).toMatchObject({ message: /Unknown kind "password"/ });
    for (const bad of ['bot', '/API Key', 'bot/']) {
      expect(attempt(['read', bad])).toMatchObject({ exitCode: EXIT.usage, message: /is not NAME\/KIND/ });
    }
  });

  it('refuses unknown commands and options, repeated options and missing values, with the usage', () => {
    expect(attempt(['start'])).toMatchObject({ exitCode: EXIT.usage, message: 'Unknown command "start".' });
    expect(attempt(['ls', '--all'])).toMatchObject({ message: 'oncekey ls has no option --all.' });
    expect(attempt(['env', '--app', 'a', '--app', 'b'])).toMatchObject({ message: '--app is given twice.' });
    expect(attempt(['env', '--app'])).toMatchObject({ message: '--app needs a value.' });
    expect(attempt(['ls', 'extra'])).toMatchObject({ message: 'oncekey ls takes no argument "extra".' });
    expect(attempt(['ls', '--json=yes'])).toMatchObject({ message: '--json takes no value.' });
    expect(parseArgs([])).toEqual({ name: 'help' });
  });

  it('installs for the browsers asked, with a Chromium extension id as Chromium writes one', () => {
    expect(parseArgs(['install', '--extension-id', 'abcdefghijklmnopabcdefghijklmnop'])).toEqual({
      name: 'install',
      browsers: ['chromium', 'chrome', 'firefox'],
      extensionId: 'abcdefghijklmnopabcdefghijklmnop',
    });
    expect(parseArgs(['uninstall', '--browser', 'Firefox,chromium,firefox'])).toEqual({
      name: 'uninstall',
      browsers: ['firefox', 'chromium'],
    });
    expect(attempt(['install', '--extension-id', 'ABC'])).toMatchObject({ message: /"ABC" is not an extension ID/ });
    expect(attempt(['install', '--browser', 'safari'])).toMatchObject({ message: /Unknown browser "safari"/ });
    // A Chromium profile's folder holds no host for Firefox: said, not written for Chromium instead.
    expect(attempt(['install', '--browser', 'firefox', '--user-data-dir', '/tmp/p'])).toMatchObject({
      exitCode: 2,
      message: /--user-data-dir is a Chromium profile/,
    });
    expect(parseArgs(['uninstall', '--browser', 'chrome', '--user-data-dir', '/tmp/p'])).toEqual({
      name: 'uninstall',
      browsers: ['chrome'],
      userDataDir: '/tmp/p',
    });
    // The browser starts the host with its own arguments.
    expect(parseArgs(['host', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/'])).toEqual({ name: 'host' });
  });
});
