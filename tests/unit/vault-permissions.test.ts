import { describe, expect, it } from 'vitest';
import { utf8 } from '@/utils/crypto/bytes';
import { seal } from '@/utils/crypto/seal';
import { permissionDrift } from '@/utils/doctor/status';
import { MAX_PERMISSION_READINGS_PER_APP } from '@/utils/vault/app-permissions';
import { permissionBinding } from '@/utils/vault/bindings';
import { capture, dump, makeVault, PASSPHRASE } from './helpers/vault';

// Fake values in the portal's formats; none is a real credential.
const ACCESS_TOKEN = `1729000000000004242-${'Tk3Lm5Np7Q'.repeat(4)}`;
const DAY = 86_400_000;

describe("an App's permission read on the portal", () => {
  it('is kept while locked, sealed, and listed with its App once unlocked', async () => {
    const { vault, db, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ at: clock.now - DAY }));
    await vault.lock();
    await vault.recordPermission({ appId: '28123456', permission: 'read-write' });
    expect(await dump(db)).not.toContain('read-write');
    await vault.unlock(PASSPHRASE);
    expect((await vault.list())[0]?.permissions).toEqual([
      { at: clock.now, permission: 'read-write', source: 'settings' },
    ]);
  });

  it('is left out when what is sealed is not a reading: the list, a backup and its restore still work', async () => {
    // Sealing needs only the public key: a tampered profile can plant anything as a reading.
    const { vault, db, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture({ at: clock.now - DAY }));
    await vault.recordPermission({ appId: '28123456', permission: 'read' });
    const { publicKey } = (await db.vault.get('main')) ?? {};
    for (const [i, text] of ['not json {', '{"permission":"admin","source":"settings"}', '"read"'].entries()) {
      const [id, at] = [`planted-${i}`, clock.now - 1000];
      const sealed = await seal(
        publicKey as Uint8Array<ArrayBuffer>,
        utf8(text),
        permissionBinding(id, '28123456', at),
      );
      await db.permissions.add({ id, portalAppId: '28123456', at, sealed });
    }
    const readings = [{ at: clock.now, permission: 'read', source: 'settings' }];
    expect((await vault.list())[0]?.permissions).toEqual(readings);
    const restored = makeVault();
    await restored.vault.restore(await vault.backup(), PASSPHRASE);
    expect((await restored.vault.list())[0]?.permissions).toEqual(readings);
  });

  it('is kept for an App not saved yet, and nothing is kept without a vault', async () => {
    const { vault, db } = makeVault();
    await vault.recordPermission({ appId: '28123456', permission: 'read' });
    expect(await db.permissions.count()).toBe(0);
    await vault.create(PASSPHRASE);
    await vault.recordPermission({ appId: '28123456', permission: 'read' });
    await vault.submitCapture(capture());
    expect((await vault.list())[0]?.permissions?.map((r) => r.permission)).toEqual(['read']);
  });

  it(`keeps the newest ${MAX_PERMISSION_READINGS_PER_APP} readings of an App`, async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    for (let i = 0; i < MAX_PERMISSION_READINGS_PER_APP + 3; i++) {
      clock.now += 1000;
      await vault.recordPermission({ appId: '28123456', permission: i % 2 ? 'read' : 'read-write-dm' });
    }
    const readings = (await vault.list())[0]?.permissions ?? [];
    expect(readings).toHaveLength(MAX_PERMISSION_READINGS_PER_APP);
    expect(readings.at(-1)).toMatchObject({ at: clock.now, permission: 'read-write-dm' });
  });

  it('survives a new passphrase and new keys', async () => {
    const { vault } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.submitCapture(capture());
    await vault.recordPermission({ appId: '28123456', permission: 'read-write' });
    await vault.rekey(PASSPHRASE, `${PASSPHRASE} again`);
    expect((await vault.list())[0]?.permissions?.map((r) => r.permission)).toEqual(['read-write']);
  });

  it('makes an Access Token made with Read Only "permissions changed" until a new one is made', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    const token = (value: string, permission: string) =>
      capture({
        at: clock.now,
        credentials: [{ kind: 'accessToken', value, handle: 'rainalerts', permission }],
      });
    await vault.submitCapture(token(ACCESS_TOKEN, 'Created with Read Only permissions'));
    clock.now += 60_000;
    await vault.recordPermission({ appId: '28123456', permission: 'read-write' });
    const drift = async () => {
      const [app] = await vault.list();
      return app?.credentials.filter((c) => c.status === 'active').map((c) => app && permissionDrift(app, c)?.sentence);
    };
    expect(await drift()).toEqual(['Made with Read Only. Regenerate it to post as @rainalerts.']);
    clock.now += 60_000;
    await vault.submitCapture(token(ACCESS_TOKEN.replace('Tk3', 'Zz9'), 'Created with Read and Write permissions'));
    expect(await drift()).toEqual([undefined]);
  });
});
