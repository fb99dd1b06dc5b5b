import { describe, expect, it } from 'vitest';
import { exportStates } from '@/utils/export/stale';
import { DAY_MS } from '@/utils/vault/db';
import { API_KEY, API_KEY_2, API_KEY_SECRET, capture, makeVault, PASSPHRASE, storedEventsOf } from './helpers/vault';

describe('exports and when they go stale', () => {
  it('records each export with its versions; a regeneration makes it stale, a new export fresh again', async () => {
    const { vault, db, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    const [app] = await vault.list();
    if (!app) throw new Error('no app');
    expect(app.exports).toEqual([]);

    const source = await vault.exportSource(app.id);
    expect(source).toMatchObject({ appName: 'rain-alerts', projectName: 'Weather bots', portalAppId: '28123456' });
    expect(source.items.map((i) => [i.kind, i.value]).sort()).toEqual([
      ['apiKey', API_KEY],
      ['apiKeySecret', API_KEY_SECRET],
    ]);
    const exportedAt = clock.now;
    await vault.recordExport(app.id, source.ids, 'env', { preset: 'twitter' });
    // One event for the export, naming both versions (event-layout.ts).
    const exported = await storedEventsOf(db, 'exported');
    expect(exported).toHaveLength(1);
    expect(exported[0]?.versions?.map((v) => v.credentialId).sort()).toEqual([...source.ids].sort());
    expect((await vault.list())[0]).toMatchObject({
      exportPreset: 'twitter',
      exports: [{ format: 'env', at: exportedAt }],
    });

    clock.now += DAY_MS;
    await vault.unlock(PASSPHRASE); // auto-locked in the meantime
    const regeneratedAt = clock.now;
    await vault.submitCapture(capture({ at: regeneratedAt, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    expect((await vault.list())[0]?.exports).toEqual([{ format: 'env', at: exportedAt, staleSince: regeneratedAt }]);

    clock.now += 1000;
    const again = await vault.exportSource(app.id);
    expect(again.items.find((i) => i.kind === 'apiKey')?.value).toBe(API_KEY_2);
    await vault.recordExport(app.id, again.ids, 'env', { preset: 'twitter' });
    expect((await vault.list())[0]?.exports).toEqual([{ format: 'env', at: clock.now }]);
  });

  it("lists an App's activity newest first, only while unlocked", async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    const [app] = await vault.list();
    const key = app?.credentials.find((c) => c.kind === 'apiKey');
    if (!app || !key) throw new Error('missing');
    clock.now += 1000;
    await vault.recordCopy(key.id);
    const events = await vault.appEvents(app.id);
    expect(events.map((e) => [e.type, e.kind])).toEqual([
      ['copied', 'apiKey'],
      ['captured', 'apiKeySecret'],
      ['captured', 'apiKey'],
    ]);
    await vault.lock();
    await expect(vault.appEvents(app.id)).rejects.toMatchObject({ code: 'locked' });
  });

  it('exports only the versions asked for, and refuses ones from another App', async () => {
    const { vault } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    await vault.submitCapture(capture({ appId: '99999999', appName: 'other' }));
    const [first, second] = await vault.list();
    const key = first?.credentials.find((c) => c.kind === 'apiKey');
    if (!first || !second || !key) throw new Error('missing');
    const source = await vault.exportSource(first.id, [key.id]);
    expect(source.items.map((i) => i.kind)).toEqual(['apiKey']);
    await expect(vault.exportSource(second.id, [key.id])).rejects.toMatchObject({ code: 'not-found' });
    await vault.lock();
    await expect(vault.exportSource(first.id)).rejects.toMatchObject({ code: 'locked' });
  });

  it('takes the last export per format, and the earliest retirement among its versions', () => {
    const credentials = new Map([
      ['a', { kind: 'apiKey', createdAt: 50, status: 'superseded' as const, supersededAt: 500 }],
      ['b', { kind: 'apiKeySecret', createdAt: 50, status: 'revoked' as const, supersededAt: 300 }],
      ['c', { kind: 'bearerToken', createdAt: 50, status: 'active' as const }],
    ]);
    expect(
      exportStates(
        [
          { at: 100, format: 'env', credentialId: 'c' },
          { at: 200, format: 'env', credentialId: 'a' },
          { at: 200, format: 'env', credentialId: 'b' },
          { at: 250, format: 'json', credentialId: 'c' },
        ],
        credentials,
      ),
    ).toEqual([
      { format: 'env', at: 200, staleSince: 300 },
      { format: 'json', at: 250 },
    ]);
  });

  it('reads a deleted version as retired: since its replacement was created, else since the export', () => {
    const credentials = new Map([
      ['key2', { kind: 'apiKey', createdAt: 400, status: 'active' as const }],
      ['secret1', { kind: 'apiKeySecret', createdAt: 50, status: 'active' as const }],
    ]);
    const env = (credentialId: string, kind?: string) => ({ at: 200, format: 'env', credentialId, kind });
    // API Key v1 deleted, v2 created at 400.
    expect(exportStates([env('key1', 'apiKey'), env('secret1', 'apiKeySecret')], credentials)).toEqual([
      { format: 'env', at: 200, staleSince: 400 },
    ]);
    // A version deleted while current (no later one of its kind), or of no recorded kind.
    expect(exportStates([env('token1', 'bearerToken'), env('secret1', 'apiKeySecret')], credentials)).toEqual([
      { format: 'env', at: 200, staleSince: 200 },
    ]);
    expect(exportStates([env('gone')], credentials)).toEqual([{ format: 'env', at: 200, staleSince: 200 }]);
  });

  it('keeps an export stale when the superseded version it held is deleted, or every version is', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    const [app] = await vault.list();
    if (!app) throw new Error('no app');
    const exportedAt = clock.now;
    await vault.recordExport(app.id, (await vault.exportSource(app.id)).ids, 'env', { preset: 'twitter' });
    clock.now += DAY_MS;
    await vault.unlock(PASSPHRASE); // auto-locked in the meantime
    const regeneratedAt = clock.now;
    await vault.submitCapture(capture({ at: regeneratedAt, credentials: [{ kind: 'apiKey', value: API_KEY_2 }] }));
    const stale = [{ format: 'env', at: exportedAt, staleSince: regeneratedAt }];
    expect((await vault.list())[0]?.exports).toEqual(stale);

    // History: delete the superseded API Key v1, and let the trash empty.
    const v1 = (await vault.list())[0]?.credentials.find((c) => c.kind === 'apiKey' && c.version === 1);
    await vault.deleteCredential(v1?.id ?? '');
    await vault.emptyTrash();
    expect((await vault.list())[0]?.exports).toEqual(stale);

    // Merged into another vault, the export reads stale there too.
    const other = makeVault({ clock: { now: clock.now } });
    await other.vault.create(PASSPHRASE);
    // The API Key v2 and the Secret: v1 is gone.
    expect(await other.vault.mergeBackup(await vault.backup(), PASSPHRASE)).toEqual({ added: 2, skipped: 0 });
    expect((await other.vault.list())[0]?.exports).toEqual(stale);

    // Every version deleted: the .env file on disk still holds them all.
    for (const c of (await vault.list())[0]?.credentials ?? []) await vault.deleteCredential(c.id);
    await vault.emptyTrash();
    expect((await vault.list())[0]?.exports).toEqual([{ format: 'env', at: exportedAt, staleSince: exportedAt }]);
  });
});
