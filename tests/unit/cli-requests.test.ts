import { describe, expect, it } from 'vitest';
import type { Outcome } from '@/utils/background/approvals';
import { createCliRequests } from '@/utils/background/cli-requests';
import type { CliRequest } from '@/utils/protocol/native';
import { API_KEY, API_KEY_SECRET, capture, makeVault, PASSPHRASE } from './helpers/vault';

const NONCE = '0123456789abcdef0123456789abcdef';
const BEARER =
  'AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F';
const caller = { argv: ['node', 'bot.js'], cwd: '~/pipit' };
const run = (app: string, extra: Partial<Extract<CliRequest, { type: 'read' }>> = {}): CliRequest => ({
  type: 'read',
  v: 1,
  nonce: NONCE,
  caller,
  purpose: 'run',
  app,
  ...extra,
});

/** A vault with rain-alerts (two keys), the handler, and approvals that answer as told and record what they were asked. */
async function setup(outcome: Outcome | (() => Promise<Outcome>) = 'once') {
  const made = makeVault();
  await made.vault.create(PASSPHRASE);
  await made.vault.submitCapture(capture());
  const asked: unknown[] = [];
  const answer = createCliRequests({
    vault: made.vault,
    approvals: {
      ask: async (nonce, request, key, wait) => {
        asked.push({ nonce, request, key, wait });
        return typeof outcome === 'function' ? outcome() : outcome;
      },
    },
  });
  const [app] = await made.vault.list();
  if (!app) throw new Error('no app');
  return { ...made, answer, asked, app };
}

describe('"Allow for 8 hours"', () => {
  it('covers the kinds the page listed: one saved since is asked about again', async () => {
    const { answer, asked, vault } = await setup('hours');
    const key = () => (asked.at(-1) as { key: string }).key;
    await answer(run('rain-alerts'));
    const first = key();
    await answer(run('rain-alerts'));
    expect(key()).toBe(first);
    await vault.submitCapture(capture({ credentials: [{ kind: 'bearerToken', value: BEARER }] }));
    await answer(run('rain-alerts'));
    expect(key()).not.toBe(first);
    // Asked for by name, the same kinds are the same grant whatever their order.
    await answer(run('rain-alerts', { kinds: ['apiKeySecret', 'apiKey'] }));
    const named = key();
    await answer(run('rain-alerts', { kinds: ['apiKey', 'apiKeySecret'] }));
    expect(key()).toBe(named);
  });
});

describe('answering oncekey', () => {
  it('asks the user with the command, its directory, the App and the kinds, then gives the values and records the read', async () => {
    const { answer, asked, vault, app } = await setup('once');
    expect(await answer(run('rain-alerts'))).toEqual({
      nonce: NONCE,
      ok: true,
      value: {
        type: 'secrets',
        appName: 'rain-alerts',
        projectName: 'Weather bots',
        portalAppId: '28123456',
        preset: 'x',
        items: [
          expect.objectContaining({ kind: 'apiKey', value: API_KEY, version: 1 }),
          expect.objectContaining({ kind: 'apiKeySecret', value: API_KEY_SECRET, version: 1 }),
        ],
      },
    });
    expect(asked).toEqual([
      {
        nonce: NONCE,
        request: {
          purpose: 'run',
          ...caller,
          app: { name: 'rain-alerts', project: 'Weather bots', portalAppId: '28123456' },
          kinds: ['apiKey', 'apiKeySecret'],
        },
        key: expect.any(String),
        wait: undefined,
      },
    ]);
    expect((await vault.appEvents(app.id))[0]).toMatchObject({
      type: 'read',
      by: { ...caller, purpose: 'run', kinds: ['apiKey', 'apiKeySecret'] },
    });
  });

  it('finds the App by portal id or in another case, reads one kind, and names it by the App’s export preset', async () => {
    const { answer, vault, app } = await setup('once');
    await vault.recordExport(
      app.id,
      app.credentials.map((c) => c.id),
      'env',
      { preset: 'custom', customPrefix: 'RAIN_' },
    );
    const reply = await answer(run('28123456', { purpose: 'read', kinds: ['apiKeySecret'] }));
    expect(reply).toMatchObject({
      ok: true,
      value: { preset: 'custom', customPrefix: 'RAIN_', items: [{ kind: 'apiKeySecret', value: API_KEY_SECRET }] },
    });
    expect(await answer(run('RAIN-ALERTS'))).toMatchObject({ ok: true });
  });

  it('says why, without asking the user, when the vault is locked or missing, or the App or kind is not there', async () => {
    const { answer, asked, vault } = await setup('once');
    expect(await answer(run('nope'))).toEqual({
      nonce: NONCE,
      ok: false,
      error: { code: 'not-found', message: 'No App called "nope" in OnceKey: oncekey ls lists them.' },
    });
    expect(await answer(run('rain-alerts', { kinds: ['bearerToken'] }))).toMatchObject({
      error: { code: 'not-found', message: '"rain-alerts" has no current Bearer Token in OnceKey.' },
    });
    // Named by portal id or in another case, the refusal quotes the request, not the App's
    // name: before the user's click, oncekey learns no name it did not send.
    for (const [named, kinds] of [
      ['28123456', ['bearerToken', 'accessToken']],
      ['RAIN-ALERTS', ['clientSecret']],
    ] as const) {
      const refused = await answer(run(named, { kinds: [...kinds] }));
      expect(refused).toMatchObject({ ok: false, error: { code: 'not-found' } });
      const { message } = (refused as { error: { message: string } }).error;
      expect(message.startsWith(`"${named}" has no current `)).toBe(true);
      expect(message).not.toMatch(/rain-alerts|Weather bots/);
    }
    await vault.submitCapture(capture({ appId: '28123457' }));
    expect(await answer(run('rain-alerts'))).toMatchObject({
      error: { code: 'ambiguous', message: /2 Apps are called/ },
    });
    await vault.lock();
    expect(await answer(run('rain-alerts'))).toMatchObject({
      error: { code: 'locked', message: 'Unlock OnceKey first.' },
    });
    expect(asked).toEqual([]);

    const empty = makeVault();
    const fresh = createCliRequests({ vault: empty.vault, approvals: { ask: async () => 'once' } });
    expect(await fresh(run('x'))).toMatchObject({ error: { code: 'no-vault' } });
  });

  it('refuses with the user’s answer, and records nothing', async () => {
    for (const [outcome, error] of [
      ['deny', { code: 'denied', message: 'Denied in OnceKey.' }],
      ['timeout', { code: 'timeout', message: 'No answer in OnceKey within 7 s: denied.' }],
      ['busy', { code: 'busy', message: 'Too many requests are already waiting for your answer in OnceKey.' }],
    ] as const) {
      const { answer, vault, app } = await setup(outcome);
      expect(await answer(run('rain-alerts', { wait: 7 }))).toEqual({ nonce: NONCE, ok: false, error });
      expect((await vault.appEvents(app.id)).filter((e) => e.type === 'read')).toEqual([]);
    }
  });

  it('reads nothing if the vault locked while the user decided', async () => {
    let lock: () => Promise<unknown> = async () => {};
    const { answer, vault } = await setup(async () => {
      await lock();
      return 'once';
    });
    lock = () => vault.lock();
    expect(await answer(run('rain-alerts'))).toMatchObject({ ok: false, error: { code: 'locked' } });
  });

  it('lists Apps and their current kinds, without values, once allowed', async () => {
    const { answer, asked, app } = await setup('once');
    const reply = await answer({ type: 'ls', v: 1, nonce: NONCE, caller: { argv: ['oncekey', 'ls'], cwd: '~' } });
    expect(reply).toEqual({
      nonce: NONCE,
      ok: true,
      value: {
        type: 'apps',
        apps: [
          {
            id: app.id,
            name: 'rain-alerts',
            project: 'Weather bots',
            portalAppId: '28123456',
            kinds: ['apiKey', 'apiKeySecret'],
          },
        ],
      },
    });
    expect(JSON.stringify(reply)).not.toContain(API_KEY);
    expect(asked).toMatchObject([{ request: { purpose: 'ls', kinds: [] } }]);
  });
});
