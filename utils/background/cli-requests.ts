import { VaultError } from '../crypto/errors';
import { PRESETS, type PresetId } from '../export/presets';
import { KIND_LABELS, KINDS, type Kind } from '../kinds';
import { APPROVAL_SECONDS, type AppListing, type CliReply, type CliRequest, failure } from '../protocol/native';
import type { AppSummary } from '../vault/types';
import type { Vault } from '../vault/vault';
import type { Approvals } from './approvals';

/**
 * Answers one request from `oncekey`, through the host. In order: a vault must exist and be
 * unlocked; the App must be found, with current values of the kinds asked for; the user
 * must allow it (approvals.ts); the vault must still be unlocked after the answer. Only
 * then are the values read, and the read recorded in the App's history. Every refusal is a
 * sentence `oncekey` prints as it is: no value, and no name the request did not contain.
 */

type ReadRequest = Extract<CliRequest, { type: 'read' }>;

const current = (app: AppSummary): Kind[] => {
  const kinds = new Set(app.credentials.filter((c) => c.status === 'active').map((c) => c.kind));
  return KINDS.filter((kind) => kinds.has(kind));
};

/** The App a request names: by name (exactly, else ignoring case), by portal App id, or by OnceKey's id. */
function findApp(
  apps: AppSummary[],
  wanted: string,
): AppSummary | { code: 'not-found' | 'ambiguous'; message: string } {
  const exact = apps.filter((a) => a.appName === wanted || a.portalAppId === wanted || a.id === wanted);
  const folded = apps.filter((a) => a.appName?.toLowerCase() === wanted.toLowerCase());
  const found = exact.length ? exact : folded;
  if (found.length === 1) return found[0] as AppSummary;
  if (found.length > 1) {
    return {
      code: 'ambiguous',
      message: `${found.length} Apps are called "${wanted}": name one by its App id (oncekey ls --json shows them).`,
    };
  }
  return { code: 'not-found', message: `No App called "${wanted}" in OnceKey: oncekey ls lists them.` };
}

/**
 * "Allow for 8 hours" covers the same command, in the same directory, asking for the same
 * thing: the same App's same kinds, as the page listed them. A request that names no kinds
 * gets every current one, so a kind saved since is asked about again.
 */
const grantKey = (request: CliRequest, appId?: string, kinds?: readonly string[]) =>
  JSON.stringify([
    request.type,
    request.caller.argv,
    request.caller.cwd,
    ...(request.type === 'read' ? [request.purpose, appId, [...(kinds ?? [])].sort()] : []),
  ]);

const OUTCOME_REPLIES = {
  deny: ['denied', 'Denied in OnceKey.'],
  cancelled: ['denied', 'The request was cancelled.'],
  busy: ['busy', 'Too many requests are already waiting for your answer in OnceKey.'],
} as const;

export interface CliRequestOptions {
  vault: Pick<Vault, 'status' | 'list' | 'exportSource' | 'recordRead'>;
  approvals: Pick<Approvals, 'ask'>;
}

export function createCliRequests({ vault, approvals }: CliRequestOptions) {
  /** null: the request may go on. */
  const unlocked = async (nonce: string): Promise<CliReply | null> => {
    const status = await vault.status();
    if (!status.exists) return failure(nonce, 'no-vault', 'OnceKey has no vault yet: open it and create one.');
    return status.locked ? failure(nonce, 'locked', 'Unlock OnceKey first.') : null;
  };

  /** Asks the user; null when they allowed it and the vault is still unlocked. */
  const allowed = async (request: CliRequest, ask: Parameters<Approvals['ask']>[1], key: string) => {
    const outcome = await approvals.ask(request.nonce, ask, key, request.wait);
    const locked = await unlocked(request.nonce);
    if (locked) return locked;
    if (outcome === 'once' || outcome === 'hours') return null;
    if (outcome === 'timeout') {
      const seconds = Math.min(request.wait ?? APPROVAL_SECONDS, APPROVAL_SECONDS);
      return failure(request.nonce, 'timeout', `No answer in OnceKey within ${seconds} s: denied.`);
    }
    const [code, message] = OUTCOME_REPLIES[outcome];
    return failure(request.nonce, code, message);
  };

  async function list(request: Extract<CliRequest, { type: 'ls' }>, apps: AppSummary[]): Promise<CliReply> {
    const { argv, cwd } = request.caller;
    const refused = await allowed(request, { purpose: 'ls', argv, cwd, kinds: [] }, grantKey(request));
    if (refused) return refused;
    const listing = apps.map((app): AppListing => {
      const entry: AppListing = { id: app.id, kinds: current(app) };
      if (app.appName) entry.name = app.appName;
      if (app.projectName) entry.project = app.projectName;
      if (app.portalAppId) entry.portalAppId = app.portalAppId;
      return entry;
    });
    return { nonce: request.nonce, ok: true, value: { type: 'apps', apps: listing } };
  }

  async function read(request: ReadRequest, apps: AppSummary[]): Promise<CliReply> {
    const app = findApp(apps, request.app);
    if ('code' in app) return failure(request.nonce, app.code, app.message);
    const have = current(app);
    const missing = (request.kinds ?? []).filter((kind) => !have.includes(kind));
    // Refused before the user is asked: in the request's own words, never the App's stored
    // name (encrypted at rest), which a request by portal id or in another case did not contain.
    const named = `"${request.app}"`;
    if (missing.length) {
      const what = missing.map((k) => KIND_LABELS[k]).join(', ');
      return failure(request.nonce, 'not-found', `${named} has no current ${what} in OnceKey.`);
    }
    const kinds = request.kinds ?? have;
    if (!kinds.length) return failure(request.nonce, 'not-found', `${named} has no current keys in OnceKey.`);

    const { argv, cwd } = request.caller;
    const shown = {
      ...(app.appName ? { name: app.appName } : {}),
      ...(app.projectName ? { project: app.projectName } : {}),
      ...(app.portalAppId ? { portalAppId: app.portalAppId } : {}),
    };
    const ask = { purpose: request.purpose, argv, cwd, app: shown, kinds };
    const refused = await allowed(request, ask, grantKey(request, app.id, kinds));
    if (refused) return refused;

    const source = await vault.exportSource(app.id);
    // In the kinds' order, as the export writes them.
    const items = kinds.flatMap((kind) => source.items.filter((item) => item.kind === kind));
    await vault.recordRead(app.id, { argv, cwd, purpose: request.purpose, kinds });
    const preset = (PRESETS.some((p) => p.id === app.exportPreset) ? app.exportPreset : 'x') as PresetId;
    return {
      nonce: request.nonce,
      ok: true,
      value: {
        type: 'secrets',
        ...(source.appName ? { appName: source.appName } : {}),
        ...(source.projectName ? { projectName: source.projectName } : {}),
        ...(source.portalAppId ? { portalAppId: source.portalAppId } : {}),
        preset,
        ...(preset === 'custom' && app.exportPrefix !== undefined ? { customPrefix: app.exportPrefix } : {}),
        items: items.map(({ kind, value, version, createdAt }) => ({ kind, value, version, createdAt })),
      },
    };
  }

  return async function answer(request: CliRequest): Promise<CliReply> {
    try {
      const locked = await unlocked(request.nonce);
      if (locked) return locked;
      const apps = await vault.list();
      return request.type === 'ls' ? await list(request, apps) : await read(request, apps);
    } catch (error) {
      // The vault locked, or the App or a value went, between the checks and the read.
      if (error instanceof VaultError && error.code === 'locked') {
        return failure(request.nonce, 'locked', 'Unlock OnceKey first.');
      }
      if (error instanceof VaultError && error.code === 'not-found') {
        return failure(request.nonce, 'not-found', error.message);
      }
      return failure(request.nonce, 'internal', 'OnceKey hit an unexpected error; nothing was read.');
    }
  };
}
