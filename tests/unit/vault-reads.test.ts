import { describe, expect, it } from 'vitest';
import { activityLines } from '@/components/HistoryView';
import { utf8 } from '@/utils/crypto/bytes';
import type { ReadBy } from '@/utils/vault/types';
import { capture, dump, makeVault, PASSPHRASE } from './helpers/vault';

const OTHER_PASSPHRASE = 'violet tractor moonlight 1987 harbour';
const BY: ReadBy = {
  argv: ['node', 'bot.js', '--token-file', '/home/me/secret-plans'],
  cwd: '~/pipit',
  purpose: 'run',
  kinds: ['apiKey', 'apiKeySecret'],
};

async function vaultWithRead(passphrase = PASSPHRASE, by = BY) {
  const made = makeVault();
  await made.vault.create(passphrase);
  await made.vault.submitCapture(capture());
  const [app] = await made.vault.list();
  if (!app) throw new Error('no app');
  made.clock.now += 1000;
  await made.vault.recordRead(app.id, by);
  return { ...made, app };
}

describe('reads by the command line in an App’s history', () => {
  it('records what read the values, newest first, and keeps the command line encrypted at rest', async () => {
    const { vault, db, app, clock } = await vaultWithRead();
    expect((await vault.appEvents(app.id))[0]).toEqual({ at: clock.now, type: 'read', by: BY });
    const stored = await dump(db);
    for (const text of ['secret-plans', 'bot.js', 'pipit']) {
      expect(stored).not.toContain(Buffer.from(utf8(text)).toString('hex'));
      expect(stored).not.toContain(text);
    }
    await vault.lock();
    await expect(vault.recordRead(app.id, BY)).rejects.toMatchObject({ code: 'locked' });
  });

  it('refuses a reader moved to another App or time, loudly', async () => {
    const { vault, db, app } = await vaultWithRead();
    const [page] = await db.eventPages.toArray();
    const read = page?.events.find((e) => e.type === 'read');
    if (!page || !read) throw new Error('no read');
    await db.eventPages.put({ ...page, events: page.events.map((e) => (e === read ? { ...e, at: e.at + 1 } : e)) });
    await expect(vault.appEvents(app.id)).rejects.toMatchObject({ code: 'tampered' });
  });

  it('comes back from a backup, restored as it was or merged into another vault, once', async () => {
    const source = await vaultWithRead(OTHER_PASSPHRASE);
    const text = await source.vault.backup();

    const restored = makeVault();
    await restored.vault.restore(text, OTHER_PASSPHRASE);
    expect((await restored.vault.appEvents(source.app.id))[0]).toMatchObject({ type: 'read', by: BY });

    const target = makeVault();
    await target.vault.create(PASSPHRASE);
    await target.vault.mergeBackup(text, OTHER_PASSPHRASE);
    await target.vault.mergeBackup(text, OTHER_PASSPHRASE);
    const [merged] = await target.vault.list();
    if (!merged) throw new Error('not merged');
    const reads = (await target.vault.appEvents(merged.id)).filter((e) => e.type === 'read');
    expect(reads).toEqual([{ at: source.clock.now, type: 'read', by: BY }]);
  });

  it('reads as one line of the History: by what, where, and which kinds', () => {
    const by: ReadBy = { ...BY, argv: ['node', '-e', 'run()'], kinds: ['apiKeySecret', 'apiKey'] };
    expect(activityLines([{ at: 1, type: 'read', by }])).toEqual([
      { at: 1, text: "read by `node -e 'run()'` in ~/pipit: API Key, API Key Secret" },
    ]);
  });
});
