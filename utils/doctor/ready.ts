/**
 * "Ready for": what an App's saved credentials let its owner do, each need ready or with
 * exactly what is missing, superseded or stale:
 * - "Post as @handle": API Key and Secret with an Access Token and Secret made with Read and
 *   write (or more), all current (OAuth 1.0a user context);
 * - "Read public data": a Bearer Token, or the API Key and Secret to get one (app-only);
 * - "Sign users in": a Client ID, and for confidential clients the Client Secret (OAuth 2.0
 *   with PKCE).
 */
import { KIND_LABELS, type Kind } from '../kinds';
import { isoDay } from '../rotation';
import type { DoctorApp, DoctorCredential } from './app';
import { dependencyOf } from './dependents';
import { comparePermissions, TOKEN_PERMISSION_LABELS } from './permissions';
import { tokenPermission } from './status';

export type Need = 'post' | 'read' | 'sign-in';

export interface Readiness {
  need: Need;
  /** "Post as @alice", "Read public data", "Sign users in". */
  title: string;
  ready: boolean;
  /** Ready: how, and anything worth knowing; not ready: what is missing, superseded or stale. */
  detail: string;
}

/** Pairs named as one when both halves are missing. */
const PAIRS: readonly { kinds: readonly [Kind, Kind]; name: string }[] = [
  { kinds: ['apiKey', 'apiKeySecret'], name: 'API Key and Secret' },
  { kinds: ['accessToken', 'accessTokenSecret'], name: 'Access Token and Secret' },
];

const newestFirst = (a: DoctorCredential, b: DoctorCredential) => b.version - a.version || b.createdAt - a.createdAt;

/** The App's current version of a kind. */
function current(app: DoctorApp, kind: Kind): DoctorCredential | undefined {
  return app.credentials.filter((c) => c.kind === kind && c.status === 'active').sort(newestFirst)[0];
}

/** Why a kind is not usable ("missing API Key", "Bearer Token superseded 2026-11-02"…), or undefined if it is. */
function problem(app: DoctorApp, kind: Kind): string | undefined {
  const label = KIND_LABELS[kind];
  const now = current(app, kind);
  if (now) {
    const dependency = dependencyOf(kind);
    if (now.possiblyStaleSince === undefined || !dependency) return undefined;
    return `${label} possibly stale (the ${dependency.name} regenerated ${isoDay(now.possiblyStaleSince)})`;
  }
  const retired = app.credentials.filter((c) => c.kind === kind).sort(newestFirst)[0];
  if (!retired) return `missing ${label}`;
  return `${label} ${retired.status}${retired.supersededAt === undefined ? '' : ` ${isoDay(retired.supersededAt)}`}`;
}

/** The problems of these kinds, a pair missing whole named as one. */
function problems(app: DoctorApp, kinds: readonly Kind[]): string[] {
  const found = new Map(kinds.map((kind) => [kind, problem(app, kind)]));
  const result: string[] = [];
  for (const kind of kinds) {
    const text = found.get(kind);
    if (!text) continue;
    const pair = PAIRS.find((p) => p.kinds.includes(kind));
    const both = pair?.kinds.every((k) => found.get(k) === `missing ${KIND_LABELS[k]}`);
    if (pair && both) {
      if (pair.kinds[0] === kind) result.push(`missing ${pair.name}`);
      continue;
    }
    result.push(text);
  }
  return result;
}

/** "regeneration of the API Key started 2026-11-02, no new values seen", for kinds among these. */
function pendingNotes(app: DoctorApp, kinds: readonly Kind[]): string[] {
  return (app.regenerations ?? [])
    .filter((r) => r.kinds.some((k) => (kinds as readonly string[]).includes(k)))
    .map(
      (r) =>
        `a regeneration of the ${r.kinds.map((k) => KIND_LABELS[k as Kind] ?? k).join(' and ')} started ${isoDay(r.startedAt)} and no new values were seen`,
    );
}

const withNotes = (text: string, notes: string[]) => (notes.length ? `${text}; ${notes.join('; ')}` : text);

function post(app: DoctorApp): Readiness {
  const token =
    current(app, 'accessToken') ?? app.credentials.filter((c) => c.kind === 'accessToken').sort(newestFirst)[0];
  const title = token?.handle ? `Post as @${token.handle.replace(/^@/, '')}` : 'Post as a user';
  const kinds: Kind[] = ['apiKey', 'apiKeySecret', 'accessToken', 'accessTokenSecret'];
  const found = problems(app, kinds);
  const active = current(app, 'accessToken');
  const level = active && tokenPermission(app, active);
  if (level && comparePermissions(level, 'read-write') < 0) {
    found.push(`Access Token made with ${TOKEN_PERMISSION_LABELS[level]}: regenerate it after allowing Read and write`);
  }
  const notes = pendingNotes(app, kinds);
  if (found.length) return { need: 'post', title, ready: false, detail: withNotes(found.join('; '), notes) };
  const how = level
    ? `ready (${TOKEN_PERMISSION_LABELS[level]})`
    : 'ready, if its permission allows posting (not seen)';
  return { need: 'post', title, ready: true, detail: withNotes(how, notes) };
}

function read(app: DoctorApp): Readiness {
  const title = 'Read public data';
  const bearer = problem(app, 'bearerToken');
  const keys = problems(app, ['apiKey', 'apiKeySecret']);
  if (!bearer) return { need: 'read', title, ready: true, detail: 'ready, with the Bearer Token' };
  if (!keys.length) {
    const note = bearer.startsWith('missing') ? [] : [bearer];
    return {
      need: 'read',
      title,
      ready: true,
      detail: withNotes('ready: the API Key and Secret can get a Bearer Token', note),
    };
  }
  return { need: 'read', title, ready: false, detail: [bearer, ...keys].join('; ') };
}

function signIn(app: DoctorApp): Readiness {
  const title = 'Sign users in';
  const id = problem(app, 'clientId');
  if (id) return { need: 'sign-in', title, ready: false, detail: id };
  const secret = problem(app, 'clientSecret');
  if (!secret) return { need: 'sign-in', title, ready: true, detail: 'ready (Client ID and Client Secret)' };
  const note = secret.startsWith('missing') ? 'no Client Secret saved, which confidential clients also need' : secret;
  return { need: 'sign-in', title, ready: true, detail: `ready for public clients; ${note}` };
}

/** The App's three needs, in that order. */
export function readyFor(app: DoctorApp): Readiness[] {
  return [post(app), read(app), signIn(app)];
}
