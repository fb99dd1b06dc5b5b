import { describe, expect, it } from 'vitest';
import { EXIT } from '@/cli/src/errors';
import { exportText, listText, oneValue, variablesOf } from '@/cli/src/output';
import { shownDirectory } from '@/cli/src/paths';
import { findCommand } from '@/cli/src/run';
import { exportAs } from '@/utils/export/export';
import type { Secrets } from '@/utils/protocol/native';

const KEY = 'Kb4Wm2Pz9Rt4Vb8Nc3Jd6Hf1Q';
const SECRET = 'Pq2Wr4Et6Yu8Io0Pa1Sd3Fg5Hj7Kl9Zx2Cv4Bn6Mq8We0Rt1Yu';
const secrets: Secrets = {
  type: 'secrets',
  appName: 'pipit-bot',
  projectName: 'Birds',
  preset: 'tweepy',
  items: [
    { kind: 'apiKey', value: KEY, version: 2, createdAt: Date.UTC(2026, 10, 1) },
    { kind: 'apiKeySecret', value: SECRET, version: 2, createdAt: Date.UTC(2026, 10, 1) },
  ],
};

describe('what oncekey makes of the values', () => {
  it('names the variables by the App’s export names, or the ones asked for', () => {
    expect(variablesOf(secrets)).toEqual({ CONSUMER_KEY: KEY, CONSUMER_SECRET: SECRET });
    expect(variablesOf(secrets, { preset: 'x' })).toEqual({ X_API_KEY: KEY, X_API_SECRET: SECRET });
    expect(variablesOf(secrets, { preset: 'custom', customPrefix: 'BIRD_' })).toEqual({
      BIRD_API_KEY: KEY,
      BIRD_API_SECRET: SECRET,
    });
  });

  it('prints the same text as the popup’s export, and one value for read', () => {
    const now = Date.UTC(2026, 10, 23);
    const popup = exportAs(
      'env',
      { appName: 'pipit-bot', projectName: 'Birds', items: secrets.items },
      { preset: 'tweepy', now },
    );
    expect(popup.ok).toBe(true);
    if (popup.ok) expect(exportText(secrets, 'env', undefined, now)).toBe(popup.text);
    expect(JSON.parse(exportText(secrets, 'json', { preset: 'x' }, now)).credentials).toEqual({
      X_API_KEY: KEY,
      X_API_SECRET: SECRET,
    });
    expect(exportText(secrets, 'shell', undefined, now)).toContain(`export CONSUMER_SECRET='${SECRET}'`);
    expect(oneValue(secrets, 'apiKeySecret')).toBe(SECRET);
    expect(() => oneValue(secrets, 'bearerToken')).toThrow('OnceKey sent no Bearer Token.');
  });

  it('lists Apps in columns, without values', () => {
    expect(
      listText([
        { id: 'a', name: 'pipit-bot', project: 'Birds', kinds: ['apiKey', 'apiKeySecret'] },
        { id: 'b', portalAppId: '28000001', kinds: [] },
      ]),
    ).toBe('pipit-bot (Birds)  API Key, API Key Secret\nApp 28000001       no current keys\n');
    expect(listText([])).toBe('No Apps in OnceKey yet.\n');
  });

  it('prints no control character of a name a portal page gave (a terminal would act on it)', () => {
    const text = listText([
      { id: 'a', name: 'pipit\u001b]52;c;ZXZpbA==\u0007bot', project: 'Birds\nfake line\u009b31m', kinds: ['apiKey'] },
      { id: 'b', name: '\u001b[2J', portalAppId: '28000001', kinds: [] },
    ]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[0]).toMatch(/^pipit \]52;c;ZXZpbA== bot \(Birds fake line 31m\) +API Key$/);
    expect(lines[1]).toMatch(/^\[2J +no current keys$/);
    expect(text.replaceAll('\n', '')).not.toMatch(/\p{Cc}/u);
  });

  it('shows the directory under home with ~, and finds the command before asking for anything', async () => {
    expect(shownDirectory('/home/me/pipit', '/home/me')).toBe('~/pipit');
    expect(shownDirectory('/home/me', '/home/me')).toBe('~');
    expect(shownDirectory('/home/meadow/x', '/home/me')).toBe('/home/meadow/x');
    await expect(findCommand('node', process.env)).resolves.toMatch(/node$/);
    await expect(findCommand('no-such-command-oncekey', process.env)).rejects.toMatchObject({
      exitCode: EXIT.commandNotFound,
      message: 'oncekey: command not found: no-such-command-oncekey',
    });
    await expect(findCommand('/tmp', process.env)).rejects.toMatchObject({ exitCode: EXIT.commandNotFound });
  });
});
