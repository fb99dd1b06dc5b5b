import { describe, expect, it } from 'vitest';
import { canDo } from '@/utils/doctor/abilities';
import type { DoctorApp, DoctorCredential } from '@/utils/doctor/app';
import { dependencyOf, dependentsOf } from '@/utils/doctor/dependents';
import { comparePermissions, type PermissionReading, parsePermission, permissionAt } from '@/utils/doctor/permissions';
import { readyFor } from '@/utils/doctor/ready';
import { permissionDrift, staleSentence } from '@/utils/doctor/status';
import { rotates } from '@/utils/rotation';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 12);

let ids = 0;
const c = (kind: string, more: Partial<DoctorCredential> = {}): DoctorCredential => ({
  id: `c${++ids}`,
  kind,
  version: 1,
  status: 'active',
  createdAt: NOW - 30 * DAY,
  ...more,
});
const reading = (permission: PermissionReading['permission'], at: number, source: 'settings' | 'token' = 'settings') =>
  ({ permission, at, source }) satisfies PermissionReading;
const oauth1 = (token: Partial<DoctorCredential> = {}): DoctorCredential[] => [
  c('apiKey'),
  c('apiKeySecret'),
  c('accessToken', { handle: 'alice', permission: 'Read Only', ...token }),
  c('accessTokenSecret', { handle: 'alice', permission: 'Read Only', ...token }),
];

describe('permissions as the portal words them', () => {
  it.each([
    ['Read', 'read'],
    ['Read Only', 'read'],
    ['Read-only', 'read'],
    ['Read and write', 'read-write'],
    ['Read and Write', 'read-write'],
    ['Read and write and Direct message', 'read-write-dm'],
    ['Read, Write, and Direct Messages', 'read-write-dm'],
    ['Read, write, and Direct Messages (Access level)', 'read-write-dm'],
  ] as const)('"%s" is %s', (text, level) => {
    expect(parsePermission(text)).toBe(level);
  });

  it('names no level for other text', () => {
    expect(parsePermission('Type of App')).toBeUndefined();
    expect(parsePermission(undefined)).toBeUndefined();
    expect(parsePermission('Ready')).toBeUndefined();
  });

  it('orders the levels and finds the App’s permission at a moment', () => {
    expect(comparePermissions('read', 'read-write')).toBe(-1);
    expect(comparePermissions('read-write-dm', 'read-write')).toBe(1);
    const history = [reading('read', NOW - 10 * DAY), reading('read-write', NOW - 2 * DAY)];
    expect(permissionAt(history, NOW - 20 * DAY)).toBeUndefined();
    expect(permissionAt(history, NOW - 5 * DAY)).toBe('read');
    expect(permissionAt(history, NOW)).toBe('read-write');
  });
});

describe('what each credential can do', () => {
  it('says it in one line per kind, as the issue words them', () => {
    expect(canDo('bearerToken')).toBe('App-only: reads public data; cannot post or act for a user.');
    expect(canDo('apiKey')).toBe('Identifies the App; signs requests together with an Access Token.');
    expect(canDo('apiKeySecret')).toBe(canDo('apiKey'));
    expect(canDo('accessToken', { handle: 'alice', permission: 'Read Only' })).toBe('Acts as @alice with Read Only.');
    expect(canDo('accessTokenSecret', {})).toBe('Acts as the account that made it with its permission.');
    expect(canDo('clientId')).toBe('OAuth 2.0 sign-in with PKCE. Not a secret; never rotates.');
    expect(canDo('clientSecret')).toBe('OAuth 2.0 sign-in with PKCE, for confidential clients.');
    expect(canDo('unknownKind')).toBe('');
  });

  it('never rotates the Client ID, and rotates every secret', () => {
    expect(rotates('clientId')).toBe(false);
    for (const kind of ['apiKey', 'apiKeySecret', 'bearerToken', 'accessToken', 'clientSecret']) {
      expect(rotates(kind)).toBe(true);
    }
  });
});

describe('dependents', () => {
  it('are the Bearer Token and Access Tokens for the API Key pair, the OAuth 2.0 tokens for the Client Secret', () => {
    expect(dependentsOf(['apiKey'])).toEqual(['bearerToken', 'accessToken', 'accessTokenSecret']);
    expect(dependentsOf(['clientSecret'])).toEqual(['oauth2AccessToken', 'oauth2RefreshToken']);
    expect(dependentsOf(['bearerToken', 'accessToken'])).toEqual([]);
    expect(dependencyOf('accessTokenSecret')?.name).toBe('API Key and Secret');
    expect(dependencyOf('apiKey')).toBeUndefined();
  });

  it('say "possibly", with the day the pair was regenerated', () => {
    const since = Date.UTC(2026, 10, 2, 9);
    expect(staleSentence(c('bearerToken', { possiblyStaleSince: since }))).toBe(
      'Possibly stale: the API Key and Secret were regenerated on 2026-11-02. Check it still works, or regenerate it.',
    );
    expect(staleSentence(c('oauth2RefreshToken', { possiblyStaleSince: since }))).toBe(
      'Possibly stale: the Client Secret was regenerated on 2026-11-02. Check it still works, or regenerate it.',
    );
    expect(staleSentence(c('bearerToken'))).toBeUndefined();
    expect(staleSentence(c('bearerToken', { possiblyStaleSince: since, status: 'superseded' }))).toBeUndefined();
  });
});

describe('"permissions changed"', () => {
  it('marks a Read Only token once the App is switched to Read and write, with the sentence to act on', () => {
    const credentials = oauth1();
    const app: DoctorApp = { credentials, permissions: [reading('read-write', NOW - DAY)] };
    const token = credentials[2] as DoctorCredential;
    expect(permissionDrift(app, token)?.sentence).toBe('Made with Read Only. Regenerate it to post as @alice.');
    expect(permissionDrift(app, credentials[3] as DoctorCredential)?.made).toBe('Read Only');
    // Not the API Key, and not a version that is no longer current.
    expect(permissionDrift(app, credentials[0] as DoctorCredential)).toBeUndefined();
    expect(permissionDrift(app, { ...token, status: 'superseded' })).toBeUndefined();
  });

  it('says what a higher permission adds', () => {
    const app = (now: PermissionReading['permission']): DoctorApp => ({
      credentials: [],
      permissions: [reading(now, NOW)],
    });
    const token = (permission: string) => c('accessToken', { permission, handle: 'bob' });
    expect(permissionDrift(app('read-write-dm'), token('Read and Write'))?.sentence).toBe(
      'Made with Read and Write. Regenerate it to send Direct Messages as @bob.',
    );
    expect(permissionDrift(app('read-write-dm'), token('Read Only'))?.sentence).toBe(
      'Made with Read Only. Regenerate it to post and send Direct Messages as @bob.',
    );
  });

  it('does not count a reading from before the token, nor one no higher than it', () => {
    const credentials = oauth1();
    const token = credentials[2] as DoctorCredential;
    expect(permissionDrift({ credentials, permissions: [reading('read-write', NOW - 40 * DAY)] }, token)).toBe(
      undefined,
    );
    expect(permissionDrift({ credentials, permissions: [reading('read', NOW - DAY)] }, token)).toBeUndefined();
    expect(permissionDrift({ credentials }, token)).toBeUndefined();
  });

  it('infers a token’s permission from its App’s when the portal did not show it', () => {
    const token = c('accessToken', { handle: 'alice', createdAt: NOW - 5 * DAY });
    const app: DoctorApp = {
      credentials: [token],
      permissions: [reading('read', NOW - 10 * DAY), reading('read-write', NOW - DAY)],
    };
    expect(permissionDrift(app, token)?.sentence).toBe('Made with Read Only. Regenerate it to post as @alice.');
    // Made after the switch: it has Read and write.
    const fresh = { ...token, createdAt: NOW - DAY / 2 };
    expect(permissionDrift({ ...app, credentials: [fresh] }, fresh)).toBeUndefined();
  });
});

describe('"Ready for"', () => {
  const texts = (app: DoctorApp) => readyFor(app).map((r) => `${r.title}: ${r.detail}`);

  it('is ready for everything with every credential current and a Read and write token', () => {
    const app: DoctorApp = {
      credentials: [...oauth1({ permission: 'Read and Write' }), c('bearerToken'), c('clientId'), c('clientSecret')],
    };
    expect(readyFor(app).map((r) => r.ready)).toEqual([true, true, true]);
    expect(texts(app)).toEqual([
      'Post as @alice: ready (Read and Write)',
      'Read public data: ready, with the Bearer Token',
      'Sign users in: ready (Client ID and Client Secret)',
    ]);
  });

  it('says exactly what is missing', () => {
    const app: DoctorApp = { credentials: [c('apiKey')] };
    expect(readyFor(app).map((r) => r.ready)).toEqual([false, false, false]);
    expect(texts(app)).toEqual([
      'Post as a user: missing API Key Secret; missing Access Token and Secret',
      'Read public data: missing Bearer Token; missing API Key Secret',
      'Sign users in: missing Client ID',
    ]);
  });

  it('reads public data with the API Key and Secret when there is no Bearer Token', () => {
    const app: DoctorApp = { credentials: [c('apiKey'), c('apiKeySecret'), c('clientId')] };
    expect(texts(app).slice(1)).toEqual([
      'Read public data: ready: the API Key and Secret can get a Bearer Token',
      'Sign users in: ready for public clients; no Client Secret saved, which confidential clients also need',
    ]);
  });

  it('names what was superseded or revoked, and what is possibly stale', () => {
    const since = Date.UTC(2026, 10, 2);
    const app: DoctorApp = {
      credentials: [
        c('apiKey', { version: 2, createdAt: since }),
        c('apiKeySecret', { version: 2, createdAt: since }),
        c('accessToken', { permission: 'Read and Write', handle: 'alice', possiblyStaleSince: since }),
        c('accessTokenSecret', { permission: 'Read and Write', handle: 'alice', possiblyStaleSince: since }),
        c('bearerToken', { status: 'revoked', supersededAt: Date.UTC(2026, 10, 5) }),
      ],
    };
    expect(texts(app).slice(0, 2)).toEqual([
      'Post as @alice: Access Token possibly stale (the API Key and Secret regenerated 2026-11-02); Access Token Secret possibly stale (the API Key and Secret regenerated 2026-11-02)',
      'Read public data: ready: the API Key and Secret can get a Bearer Token; Bearer Token revoked 2026-11-05',
    ]);
    const superseded: DoctorApp = {
      credentials: [c('clientId', { status: 'superseded', supersededAt: since })],
    };
    expect(texts(superseded)[2]).toBe('Sign users in: Client ID superseded 2026-11-02');
  });

  it('is not ready to post with a Read Only token, and says why', () => {
    const [post] = readyFor({ credentials: oauth1() });
    expect(post).toEqual({
      need: 'post',
      title: 'Post as @alice',
      ready: false,
      detail: 'Access Token made with Read Only: regenerate it after allowing Read and write',
    });
  });

  it('mentions a regeneration still waiting for its new values', () => {
    const app: DoctorApp = {
      credentials: oauth1({ permission: 'Read and Write' }),
      regenerations: [{ startedAt: Date.UTC(2026, 10, 20), kinds: ['accessToken', 'accessTokenSecret'] }],
    };
    expect(texts(app)[0]).toBe(
      'Post as @alice: ready (Read and Write); a regeneration of the Access Token and Access Token Secret started 2026-11-20 and no new values were seen',
    );
  });
});
