import { describe, expect, it } from 'vitest';
import { MAX_PENDING_REGENERATIONS_PER_APP, SEEN_WINDOW_MS } from '@/utils/vault/limits';
import { API_KEY, API_KEY_2, API_KEY_SECRET, capture, makeVault, PASSPHRASE, storedCredentials } from './helpers/vault';

const PAIR = { host: 'developer.x.com', appId: '28123456', kinds: ['apiKey', 'apiKeySecret'] };
const NEW_SECRET = 'Qz8Xw2Ec4Rv6Tb8Yn0Um2Il4Ok6Pj8Hg0Fd2Sa4Zx6Cv8Bn0Mq';
// A fake Bearer Token in the portal's format (docs/portal.md, "Formats").
const BEARER = `${'A'.repeat(21)}Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz%3DZy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8Ba7Zy6Xw5Vu4Ts`;

/** A vault holding the App's API Key and Secret (v1), captured a day before the clock. */
async function withSavedPair() {
  const harness = makeVault();
  await harness.vault.create(PASSPHRASE);
  await harness.vault.submitCapture(capture({ at: harness.clock.now - 86_400_000 }));
  return harness;
}

const statuses = async (db: ReturnType<typeof makeVault>['db']) =>
  (await storedCredentials(db)).map((c) => `${c.kind} v${c.version} ${c.status}`).sort();

describe('a regeneration confirmed on the portal', () => {
  it('retires nothing by itself, even while locked, and stays pending in the App’s history', async () => {
    const { vault, db, clock } = await withSavedPair();
    await vault.lock();
    const startedAt = clock.now;
    await vault.startRegeneration(PAIR);
    clock.now += 2 * SEEN_WINDOW_MS;
    expect(await statuses(db)).toEqual(['apiKey v1 active', 'apiKeySecret v1 active']);
    await vault.unlock(PASSPHRASE);
    const [app] = await vault.list();
    expect(app?.regenerations).toEqual([{ startedAt, kinds: ['apiKey', 'apiKeySecret'] }]);
    // The values of the saved pair still copy: they are what the App uses.
    const apiKey = app?.credentials.find((c) => c.kind === 'apiKey');
    expect(await vault.value(apiKey?.id ?? '')).toBe(API_KEY);
  });

  it('is resolved when its new values are shown: the older versions are superseded from when it started', async () => {
    const { vault, db, clock } = await withSavedPair();
    await vault.lock();
    const startedAt = clock.now;
    await vault.startRegeneration(PAIR);
    clock.now += 30_000;
    // The portal shows the new values; the user does not save them.
    expect(await vault.valuesSeen(PAIR)).toBe(2);
    expect(await statuses(db)).toEqual(['apiKey v1 superseded', 'apiKeySecret v1 superseded']);
    expect((await storedCredentials(db)).map((c) => c.supersededAt)).toEqual([startedAt, startedAt]);
    expect(await db.regenerations.toArray()).toEqual([
      expect.objectContaining({ startedAt, resolvedAt: clock.now, resolution: 'values-seen' }),
    ]);
    await vault.unlock(PASSPHRASE);
    const [app] = await vault.list();
    expect(app?.regenerations).toBeUndefined();
    const events = await vault.appEvents(app?.id ?? '');
    expect(
      events
        .filter((e) => e.type === 'superseded')
        .map((e) => [e.kind, e.version])
        .sort(),
    ).toEqual([
      ['apiKey', 1],
      ['apiKeySecret', 1],
    ]);
  });

  it('keeps values created after it started current, and those of kinds it did not regenerate', async () => {
    const { vault, db, clock } = await withSavedPair();
    await vault.submitCapture(capture({ credentials: [{ kind: 'bearerToken', value: BEARER }] }));
    await vault.startRegeneration({ ...PAIR, kinds: ['apiKey'] });
    clock.now += 1000;
    // The user saved the new API Key before the "seen" report arrived (stamped now, as the
    // background stamps the portal's captures).
    await vault.submitCapture(capture({ at: clock.now, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    await vault.valuesSeen({ ...PAIR, kinds: ['apiKey', 'bearerToken'] });
    expect(await statuses(db)).toEqual([
      'apiKey v1 superseded',
      'apiKey v2 active',
      'apiKeySecret v1 active',
      'bearerToken v1 active',
    ]);
  });

  it('is left pending when values are seen too late, for another App, or of other kinds', async () => {
    const { vault, db, clock } = await withSavedPair();
    await vault.startRegeneration(PAIR);
    clock.now += 1000;
    await vault.valuesSeen({ ...PAIR, appId: '99999999' });
    await vault.valuesSeen({ ...PAIR, kinds: ['bearerToken'] });
    await vault.valuesSeen({ host: 'developer.x.com', kinds: ['apiKey'] });
    clock.now += SEEN_WINDOW_MS;
    await vault.valuesSeen(PAIR);
    expect(await statuses(db)).toEqual(['apiKey v1 active', 'apiKeySecret v1 active']);
    expect(await db.regenerations.toArray()).toEqual([expect.not.objectContaining({ resolvedAt: expect.anything() })]);
  });

  it('is resolved when new values of its kinds are filed, while locked too', async () => {
    const { vault, db, clock } = await withSavedPair();
    await vault.startRegeneration(PAIR);
    await vault.lock();
    clock.now += 60_000;
    // As the portal submits it: no time, the background stamps it.
    const { at: _, ...fromPortal } = capture({
      credentials: [
        { kind: 'apiKey', value: API_KEY_2 },
        { kind: 'apiKeySecret', value: NEW_SECRET },
      ],
    });
    await vault.submitCapture(fromPortal);
    expect(await db.regenerations.count()).toBe(1); // sealed: filed at the next unlock
    await vault.unlock(PASSPHRASE);
    expect(await db.regenerations.toArray()).toEqual([
      expect.objectContaining({ resolvedAt: clock.now, resolution: 'filed' }),
    ]);
    expect(await statuses(db)).toEqual([
      'apiKey v1 superseded',
      'apiKey v2 active',
      'apiKeySecret v1 superseded',
      'apiKeySecret v2 active',
    ]);
    expect((await vault.list())[0]?.regenerations).toBeUndefined();
  });

  it('is not undone by values captured before it started and filed after it took effect', async () => {
    const { vault, db, clock } = await withSavedPair();
    await vault.lock();
    // While locked: a capture of values, sealed to be filed at the next unlock…
    const { at: _, ...fromPortal } = capture({ credentials: [{ kind: 'apiKey', value: API_KEY_2 }] });
    await vault.submitCapture(fromPortal);
    // …then a regeneration of the pair, whose new values are shown (and not saved).
    clock.now += 60_000;
    const startedAt = clock.now;
    await vault.startRegeneration(PAIR);
    clock.now += 1000;
    await vault.valuesSeen(PAIR);
    await vault.unlock(PASSPHRASE);
    // The captured value was retired by that regeneration: on file, not current.
    expect(await statuses(db)).toEqual(['apiKey v1 superseded', 'apiKey v2 superseded', 'apiKeySecret v1 superseded']);
    const v2 = (await storedCredentials(db)).find((c) => c.kind === 'apiKey' && c.version === 2);
    expect(v2?.supersededAt).toBe(startedAt);
  });

  it('is left pending by values captured before it started, and retires them when its own are shown', async () => {
    const { vault, db, clock } = await withSavedPair();
    await vault.lock();
    const { at: _, ...fromPortal } = capture({ credentials: [{ kind: 'apiKey', value: API_KEY_2 }] });
    await vault.submitCapture(fromPortal);
    clock.now += 60_000;
    await vault.startRegeneration(PAIR);
    await vault.unlock(PASSPHRASE);
    expect(await statuses(db)).toEqual(['apiKey v1 superseded', 'apiKey v2 active', 'apiKeySecret v1 active']);
    expect(await db.regenerations.toArray()).toEqual([expect.not.objectContaining({ resolvedAt: expect.anything() })]);
    clock.now += 1000;
    await vault.valuesSeen(PAIR);
    expect(await statuses(db)).toEqual(['apiKey v1 superseded', 'apiKey v2 superseded', 'apiKeySecret v1 superseded']);
  });

  it('of an App not yet in the vault shows in its history once it is, matched by the portal App id', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    const startedAt = clock.now;
    await vault.startRegeneration({ host: 'console.x.com', appId: '99887766', kinds: ['bearerToken'] });
    clock.now += 60_000;
    // Saved later from somewhere else: a value that is not the regeneration's (it was never seen).
    await vault.submitCapture(
      capture({ appId: '99887766', appName: 'late-app', credentials: [{ kind: 'apiKey', value: API_KEY }] }),
    );
    const [app] = await vault.list();
    expect(app?.appName).toBe('late-app');
    expect(app?.regenerations).toEqual([{ startedAt, kinds: ['bearerToken'] }]);
  });

  it('needs the portal App id and a vault, and at most 20 wait per App', async () => {
    const { vault, db } = makeVault();
    await vault.startRegeneration(PAIR); // no vault yet: nothing to retire
    expect(await db.regenerations.count()).toBe(0);
    await vault.create(PASSPHRASE);
    await vault.startRegeneration({ host: 'developer.x.com', kinds: ['apiKey'] });
    expect(await db.regenerations.count()).toBe(0);
    for (let i = 0; i < MAX_PENDING_REGENERATIONS_PER_APP; i++) await vault.startRegeneration(PAIR);
    await expect(vault.startRegeneration(PAIR)).rejects.toMatchObject({
      code: 'full',
      message: expect.stringContaining('20 regenerations of this App waiting for new values'),
    });
    await vault.startRegeneration({ ...PAIR, appId: '11112222' });
    expect(await db.regenerations.count()).toBe(MAX_PENDING_REGENERATIONS_PER_APP + 1);
  });
});

describe('what a capture would replace (capture.preview)', () => {
  it('gives the dates of the App’s current versions of those kinds, locked too, and nothing else', async () => {
    const { vault, clock } = await withSavedPair();
    const savedAt = clock.now - 86_400_000;
    await vault.lock();
    expect(
      await vault.preview({ host: 'developer.x.com', appId: '28123456', kinds: ['apiKeySecret', 'bearerToken'] }),
    ).toEqual({ known: true, replaces: [{ kind: 'apiKeySecret', savedAt }] });
    expect(await vault.preview(PAIR)).toEqual({
      known: true,
      replaces: [
        { kind: 'apiKey', savedAt },
        { kind: 'apiKeySecret', savedAt },
      ],
    });
    expect(await vault.preview({ ...PAIR, appId: '12345678' })).toEqual({ known: false, replaces: [] });
    expect(await vault.preview({ host: 'developer.x.com', kinds: ['apiKey'] })).toEqual({ known: false, replaces: [] });
    // No name and no value in the answer, whatever was saved.
    const answer = JSON.stringify(await vault.preview(PAIR));
    for (const secret of [API_KEY, API_KEY_SECRET, 'rain-alerts', 'Weather bots']) expect(answer).not.toContain(secret);
  });
});
