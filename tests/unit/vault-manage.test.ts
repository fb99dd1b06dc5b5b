import { describe, expect, it } from 'vitest';
import { DAY_MS } from '@/utils/vault/db';
import { TRASH_MS } from '@/utils/vault/vault';
import {
  API_KEY,
  API_KEY_2,
  API_KEY_SECRET,
  capture,
  dump,
  makeVault,
  PASSPHRASE,
  storedCredentials,
  storedEvents,
  TEST_PRESETS,
} from './helpers/vault';

async function vaultWithOneApp() {
  const made = makeVault();
  await made.vault.create(PASSPHRASE);
  await made.vault.submitCapture(capture());
  const [app] = await made.vault.list();
  if (!app) throw new Error('no app');
  return { ...made, app };
}

describe('deleting, with undo', () => {
  it('deletes a credential, and undo puts it back byte for byte with its history', async () => {
    const { vault, db, app } = await vaultWithOneApp();
    const before = await dump(db);
    const key = app.credentials.find((c) => c.kind === 'apiKey');
    if (!key) throw new Error('no key');
    const { undoId } = await vault.deleteCredential(key.id);
    expect((await vault.list())[0]?.credentials.map((c) => c.kind)).toEqual(['apiKeySecret']);
    expect((await storedEvents(db)).filter((e) => e.credentialId === key.id)).toHaveLength(0);
    await expect(vault.value(key.id)).rejects.toMatchObject({ code: 'not-found' });
    await vault.undoDelete(undoId);
    expect(await vault.value(key.id)).toBe(API_KEY);
    // The vault is as it was, with the trash empty again.
    expect(await dump(db)).toBe(before);
  });

  it('deletes an App with every version, and undo restores all of it', async () => {
    const { vault, db, app } = await vaultWithOneApp();
    await vault.submitCapture(
      capture({ at: capture().at + DAY_MS, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }),
    );
    const before = await dump(db);
    const { undoId } = await vault.deleteApp(app.id);
    expect(await vault.list()).toEqual([]);
    expect((await storedCredentials(db)).length).toBe(0);
    expect(await vault.overdueCount()).toBe(0);
    await vault.undoDelete(undoId);
    expect(await dump(db)).toBe(before);
  });

  it('makes deletions final when the trash is emptied, at lock, and after the time limit', async () => {
    const { vault, db, app, clock } = await vaultWithOneApp();
    const [key, secret] = app.credentials;
    if (!key || !secret) throw new Error('no credentials');

    const first = await vault.deleteCredential(key.id);
    await vault.emptyTrash();
    await expect(vault.undoDelete(first.undoId)).rejects.toMatchObject({
      code: 'not-found',
      message: 'Too late to undo: the deletion is final.',
    });

    const second = await vault.deleteCredential(secret.id);
    clock.now += TRASH_MS - 1;
    await vault.emptyTrash(TRASH_MS);
    expect(await db.trash.count()).toBe(1);
    clock.now += 1;
    await vault.emptyTrash(TRASH_MS);
    expect(await db.trash.count()).toBe(0);
    await expect(vault.undoDelete(second.undoId)).rejects.toMatchObject({ code: 'not-found' });

    await vault.submitCapture(capture({ appId: '99887766', appName: 'other' }));
    const other = (await vault.list()).find((a) => a.appName === 'other');
    if (!other) throw new Error('no app');
    await vault.deleteApp(other.id);
    await vault.lock();
    expect(await db.trash.count()).toBe(0);
  });

  it('needs the vault unlocked, and says what is gone', async () => {
    const { vault, app } = await vaultWithOneApp();
    await expect(vault.deleteApp(crypto.randomUUID())).rejects.toMatchObject({ code: 'not-found' });
    await vault.lock();
    await expect(vault.deleteApp(app.id)).rejects.toMatchObject({ code: 'locked' });
  });

  it("refuses to undo a credential's deletion while its App is deleted", async () => {
    const { vault, app } = await vaultWithOneApp();
    const key = app.credentials[0];
    if (!key) throw new Error('no key');
    const credentialDeletion = await vault.deleteCredential(key.id);
    const appDeletion = await vault.deleteApp(app.id);
    await expect(vault.undoDelete(credentialDeletion.undoId)).rejects.toMatchObject({
      message: "Undo the deletion of this credential's App first.",
    });
    await vault.undoDelete(appDeletion.undoId);
    await vault.undoDelete(credentialDeletion.undoId);
    expect((await vault.list())[0]?.credentials).toHaveLength(2);
  });
});

describe('undo, in a vault that changed since the deletion', () => {
  const K3 = 'Zq1Lm2Pz9Rt4Vb8Nc3Jd6Hf7Z';
  /** The API Key versions as [version, status], oldest first. */
  const apiKeys = async (db: ReturnType<typeof makeVault>['db']) =>
    (await storedCredentials(db))
      .filter((c) => c.kind === 'apiKey')
      .sort((a, b) => a.version - b.version)
      .map((c) => [c.version, c.status]);

  async function twoVersions() {
    const made = await vaultWithOneApp();
    await made.vault.submitCapture(
      capture({ at: Date.UTC(2026, 10, 21), credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }),
    );
    const versions = (await storedCredentials(made.db))
      .filter((c) => c.kind === 'apiKey')
      .sort((a, b) => a.version - b.version);
    const [v1, v2] = versions;
    if (!v1 || !v2) throw new Error('not two versions');
    return { ...made, v1, v2 };
  }

  it('keeps one version current when another was made current meanwhile', async () => {
    const { vault, db, v1, v2 } = await twoVersions();
    const { undoId } = await vault.deleteCredential(v2.id);
    await vault.makeCurrent(v1.id);
    await vault.undoDelete(undoId);
    expect(await apiKeys(db)).toEqual([
      [1, 'active'],
      [2, 'superseded'],
    ]);
  });

  it('numbers a value captured after a deletion past the deleted version, and keeps it current after Undo', async () => {
    const { vault, db, v2 } = await twoVersions();
    const { undoId } = await vault.deleteCredential(v2.id);
    await vault.submitCapture(capture({ at: Date.UTC(2026, 10, 22), credentials: [{ kind: 'apiKey', value: K3 }] }));
    expect(await apiKeys(db)).toEqual([
      [1, 'superseded'],
      [3, 'active'],
    ]);
    await vault.undoDelete(undoId);
    expect(await apiKeys(db)).toEqual([
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'active'],
    ]);
  });

  it('does not put back an App the portal has saved again since, beside the new one', async () => {
    const { vault, app } = await vaultWithOneApp();
    const { undoId } = await vault.deleteApp(app.id);
    await vault.submitCapture(capture({ at: Date.UTC(2026, 10, 22) }));
    await expect(vault.undoDelete(undoId)).rejects.toMatchObject({
      message: 'Too late to undo: this App has been saved again from the portal since.',
    });
    expect(await vault.list()).toHaveLength(1);
  });
});

describe('adding a credential by pasting it', () => {
  it('adds to an App as the next version, and a new App by name', async () => {
    const { vault, app, clock } = await vaultWithOneApp();
    expect(await vault.addCredential({ appId: app.id, kind: 'apiKey', value: `  ${API_KEY_2}\n` })).toEqual({
      added: true,
    });
    const keys = (await vault.list())[0]?.credentials.filter((c) => c.kind === 'apiKey');
    expect(keys?.map((c) => [c.version, c.status])).toEqual([
      [2, 'active'],
      [1, 'superseded'],
    ]);
    const created = clock.now - 30 * DAY_MS;
    await vault.addCredential({
      appName: 'old-bot',
      projectName: 'Legacy',
      kind: 'apiKeySecret',
      value: API_KEY_SECRET,
      createdAt: created,
    });
    const old = (await vault.list()).find((a) => a.appName === 'old-bot');
    expect(old).toMatchObject({ projectName: 'Legacy', credentials: [{ kind: 'apiKeySecret', createdAt: created }] });
    expect(old?.credentials[0]?.dueAt).toBe(created + 90 * DAY_MS);
  });

  it('says a value of the wrong format does not match its kind, and changes nothing', async () => {
    const { vault, db, app } = await vaultWithOneApp();
    const before = await dump(db);
    await expect(vault.addCredential({ appId: app.id, kind: 'apiKey', value: API_KEY_SECRET })).rejects.toMatchObject({
      code: 'bad-format',
      message: 'That does not look like an API Key: expected 25 letters and digits (20 to 22 for older Apps).',
    });
    await expect(vault.addCredential({ appId: app.id, kind: 'bearerToken', value: 'hello' })).rejects.toMatchObject({
      message: expect.stringMatching(/^That does not look like a Bearer Token: /),
    });
    await expect(vault.addCredential({ kind: 'apiKey', value: API_KEY_2 })).rejects.toMatchObject({ code: 'no-app' });
    await expect(
      vault.addCredential({ appId: app.id, kind: 'apiKey', value: API_KEY_2, createdAt: Date.now() + 10 * DAY_MS }),
    ).rejects.toMatchObject({ code: 'bad-date' });
    expect(await dump(db)).toBe(before);
  });

  it('does not save a value twice', async () => {
    const { vault, db, app } = await vaultWithOneApp();
    const before = await dump(db);
    expect(await vault.addCredential({ appId: app.id, kind: 'apiKey', value: API_KEY })).toEqual({ added: false });
    expect(await dump(db)).toBe(before);
  });
});

describe('rotation period per kind', () => {
  it('moves the due dates of that kind only, and back when the override is cleared', async () => {
    const { vault, app } = await vaultWithOneApp();
    const created = app.credentials[0]?.createdAt ?? 0;
    const dueByKind = async () =>
      Object.fromEntries(
        (await vault.list())[0]?.credentials.map((c) => [c.kind, ((c.dueAt ?? 0) - created) / DAY_MS]) ?? [],
      );
    expect(await dueByKind()).toEqual({ apiKey: 90, apiKeySecret: 90 });

    const settings = await vault.updateSettings({ rotationDaysByKind: { apiKeySecret: 30 } });
    expect(settings.rotationDaysByKind).toEqual({ apiKeySecret: 30 });
    expect(await dueByKind()).toEqual({ apiKey: 90, apiKeySecret: 30 });

    await vault.updateSettings({ rotationDays: 60 });
    expect(await dueByKind()).toEqual({ apiKey: 60, apiKeySecret: 30 });

    await vault.updateSettings({ rotationDaysByKind: { apiKeySecret: null } });
    expect((await vault.settings()).rotationDaysByKind).toEqual({});
    expect(await dueByKind()).toEqual({ apiKey: 60, apiKeySecret: 60 });
  });

  it('gives new captures the period of their kind', async () => {
    const { vault } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.updateSettings({ rotationDaysByKind: { apiKey: 7 } });
    await vault.submitCapture(capture());
    const [app] = await vault.list();
    const days = app?.credentials.map((c) => [c.kind, ((c.dueAt ?? 0) - c.createdAt) / DAY_MS]).sort();
    expect(days).toEqual([
      ['apiKey', 7],
      ['apiKeySecret', 90],
    ]);
  });
});

describe('key-derivation strength', () => {
  it('re-wraps the key at the chosen strength; the same passphrase opens it and records stay as they were', async () => {
    const { vault, db, app } = await vaultWithOneApp();
    expect(await vault.kdfInfo()).toEqual({ ...TEST_PRESETS.standard, preset: 'standard' });
    const credentialsBefore = JSON.stringify(await storedCredentials(db), (_k, v) =>
      v instanceof Uint8Array ? Array.from(v) : v,
    );
    await vault.changePassphrase(PASSPHRASE, PASSPHRASE, 'strongest');
    expect(await vault.kdfInfo()).toEqual({ ...TEST_PRESETS.strongest, preset: 'strongest' });
    expect((await db.vault.get('main'))?.kdf).toMatchObject(TEST_PRESETS.strongest);
    await vault.lock();
    await vault.unlock(PASSPHRASE);
    expect(await vault.value(app.credentials.find((c) => c.kind === 'apiKey')?.id ?? '')).toBe(API_KEY);
    expect(JSON.stringify(await storedCredentials(db), (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v))).toBe(
      credentialsBefore,
    );
  });

  it('keeps the strength when only the passphrase changes, and refuses a wrong passphrase', async () => {
    const { vault, db } = await vaultWithOneApp();
    await vault.changePassphrase(PASSPHRASE, PASSPHRASE, 'strong');
    const before = await dump(db);
    await expect(vault.changePassphrase('not the passphrase', PASSPHRASE, 'standard')).rejects.toMatchObject({
      code: 'wrong-passphrase',
    });
    expect(await dump(db)).toBe(before);
    await vault.changePassphrase(PASSPHRASE, `${PASSPHRASE} and more`);
    expect((await vault.kdfInfo()).preset).toBe('strong');
  });
});
