import { describe, expect, it } from 'vitest';
import { API_KEY_2, capture, makeVault, PASSPHRASE } from './helpers/vault';

// Fake values in the portal's formats (docs/portal.md, "Formats"); none is a real credential.
const BEARER = `${'A'.repeat(21)}${'Ab1Cd2Ef3G'.repeat(3)}h4Ij5Kl6%3D${'Zy9Xw8Vu7T'.repeat(5)}`;
const ACCESS_TOKEN = `1729000000000004242-${'Tk3Lm5Np7Q'.repeat(4)}`;
const ACCESS_SECRET = `${'Sc4Rt6Yu8I'.repeat(4)}Op0As`;
const SECRET_2 = `${'Nw2Sk4Ey6R'.repeat(5)}`;
const DAY = 86_400_000;
const PAIR = { host: 'developer.x.com', appId: '28123456', kinds: ['apiKey', 'apiKeySecret'] };

/** The App with its API Key and Secret, Bearer Token and Access Token and Secret, saved a week ago. */
async function withApp() {
  const harness = makeVault();
  await harness.vault.create(PASSPHRASE);
  const at = harness.clock.now - 7 * DAY;
  await harness.vault.submitCapture(capture({ at }));
  await harness.vault.submitCapture(capture({ at, credentials: [{ kind: 'bearerToken', value: BEARER }] }));
  await harness.vault.submitCapture(
    capture({
      at,
      credentials: [
        { kind: 'accessToken', value: ACCESS_TOKEN, handle: 'rainalerts', permission: 'Read and Write' },
        { kind: 'accessTokenSecret', value: ACCESS_SECRET },
      ],
    }),
  );
  return harness;
}

const stale = async (vault: ReturnType<typeof makeVault>['vault']) =>
  Object.fromEntries(
    ((await vault.list())[0]?.credentials ?? [])
      .filter((c) => c.status === 'active')
      .map((c) => [c.kind, c.possiblyStaleSince ?? null]),
  );

describe('a regeneration of the API Key and Secret', () => {
  it('marks the Bearer Token and Access Tokens possibly stale once its new values are filed', async () => {
    const { vault, clock } = await withApp();
    expect(Object.values(await stale(vault)).every((since) => since === null)).toBe(true);
    const at = clock.now - DAY;
    await vault.submitCapture(
      capture({
        at,
        credentials: [
          { kind: 'apiKey', value: API_KEY_2 },
          { kind: 'apiKeySecret', value: SECRET_2 },
        ],
      }),
    );
    expect(await stale(vault)).toEqual({
      apiKey: null,
      apiKeySecret: null,
      bearerToken: at,
      accessToken: at,
      accessTokenSecret: at,
    });
  });

  it('marks them when its new values are only seen on the portal, while locked', async () => {
    const { vault, clock } = await withApp();
    await vault.lock();
    const startedAt = clock.now;
    await vault.startRegeneration(PAIR);
    clock.now += 30_000;
    await vault.valuesSeen(PAIR);
    await vault.unlock(PASSPHRASE);
    expect(await stale(vault)).toEqual({
      bearerToken: startedAt,
      accessToken: startedAt,
      accessTokenSecret: startedAt,
    });
  });

  it('leaves a Bearer Token made after it alone, and marks nothing on a first save', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(
      capture({ at: clock.now - 2 * DAY, credentials: [{ kind: 'bearerToken', value: BEARER }] }),
    );
    await vault.submitCapture(capture({ at: clock.now - DAY }));
    expect((await stale(vault)).bearerToken).toBeNull();
    await vault.submitCapture(
      capture({
        at: clock.now,
        credentials: [
          { kind: 'apiKey', value: API_KEY_2 },
          { kind: 'bearerToken', value: BEARER.replace('Ab1', 'Xy2') },
        ],
      }),
    );
    expect((await stale(vault)).bearerToken).toBeNull();
  });
});

describe('a possibly stale credential', () => {
  it('loses the mark when the user says it still works, and keeps its other fields', async () => {
    const { vault, clock } = await withApp();
    await vault.submitCapture(capture({ at: clock.now, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    const bearer = (await vault.list())[0]?.credentials.find((c) => c.kind === 'bearerToken' && c.status === 'active');
    expect(bearer?.possiblyStaleSince).toBe(clock.now);
    await vault.stillWorks(bearer?.id as string);
    const after = (await vault.list())[0]?.credentials.find((c) => c.id === bearer?.id);
    expect(after).toEqual({ ...bearer, possiblyStaleSince: undefined });
    expect(after && 'possiblyStaleSince' in after).toBe(false);
    // A later regeneration marks it again.
    await vault.submitCapture(capture({ at: clock.now + 1, credentials: [{ kind: 'apiKeySecret', value: SECRET_2 }] }));
    expect((await stale(vault)).bearerToken).toBe(clock.now + 1);
  });

  it('is marked regenerated like any other version, and the next one starts clean', async () => {
    const { vault, clock } = await withApp();
    await vault.submitCapture(capture({ at: clock.now - DAY, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    const bearer = (await vault.list())[0]?.credentials.find((c) => c.kind === 'bearerToken');
    await vault.markRetired(bearer?.id as string, 'regenerated');
    await vault.submitCapture(
      capture({ at: clock.now, credentials: [{ kind: 'bearerToken', value: BEARER.replace('Ab1', 'Xy2') }] }),
    );
    expect((await stale(vault)).bearerToken).toBeNull();
  });

  it('refuses a credential no longer in the vault', async () => {
    const { vault } = await withApp();
    await expect(vault.stillWorks(crypto.randomUUID())).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('a regeneration of the Client Secret', () => {
  it('marks the OAuth 2.0 user tokens possibly stale, not the Client ID', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    // base64url of "abcDEFghiJKLmnoPQRstUVwxYZ012345:1732000000000:1:0:at:1", the decoded shape.
    const OAUTH2 = 'YWJjREVGZ2hpSktMbW5vUFFSc3RVVnd4WVowMTIzNDU6MTczMjAwMDAwMDAwMDoxOjA6YXQ6MQ';
    await vault.submitCapture(
      capture({
        at: clock.now - DAY,
        credentials: [
          { kind: 'clientId', value: 'UXV3NU1UUlAyTFE5UVkzb1hsOFA6MTpjaQ' },
          { kind: 'clientSecret', value: 'CJVXcyNA47M7btwLgp358k-IzJ-_vxcHXobHEu0jxm16FM1wZ0' },
          { kind: 'oauth2AccessToken', value: OAUTH2 },
        ],
      }),
    );
    await vault.submitCapture(capture({ at: clock.now, credentials: [{ kind: 'clientSecret', value: SECRET_2 }] }));
    expect(await stale(vault)).toEqual({ clientId: null, clientSecret: null, oauth2AccessToken: clock.now });
  });
});
