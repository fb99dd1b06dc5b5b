// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PortalChannel } from '@/entrypoints/portal.content/channel';
import { ARMING_MS } from '@/entrypoints/portal.content/guard';
import { startCapture } from '@/entrypoints/portal.content/start-capture';
import { type TestPage, testPage, userClick } from './helpers/portal-page';

const read = (file: string) =>
  new DOMParser().parseFromString(
    readFileSync(join(import.meta.dirname, '../fixtures/portal', file), 'utf8'),
    'text/html',
  ).body.innerHTML;

const panel = () => document.querySelector('[data-oncekey="panel"]')?.shadowRoot ?? null;
const nameField = () => panel()?.querySelector('input') as HTMLInputElement;
/** Lets the watcher's callback run, then arms the panel's button as time passing does. */
const settle = async () => {
  await Promise.resolve();
  page.advance(ARMING_MS);
};
const press = () => ((panel() as ShadowRoot).querySelector('button') as HTMLButtonElement).dispatchEvent(userClick());

let page: TestPage;
let stop: (() => void) | undefined;
function start(url: string) {
  const submit = vi.fn(async (_capture: Parameters<PortalChannel['submit']>[0]) => ({ saved: 'filed' as const }));
  const channel = {
    submit,
    regenerated: vi.fn(async () => null),
    preview: vi.fn(async () => ({ known: false, replaces: [] })),
    seen: vi.fn(async () => null),
    permission: vi.fn(async () => null),
  } as unknown as PortalChannel;
  startCapture({ doc: document, win: page.win, url: () => url, channel, now: page.now, onStop: (s) => (stop = s) });
  return submit;
}

beforeEach(() => {
  page = testPage();
});
afterEach(() => {
  stop?.();
  document.body.innerHTML = '';
});

describe('a page that names no App', () => {
  it('files under the App its sidebar names, prefilled in the panel, as the user leaves it', async () => {
    document.body.innerHTML = read('x-2021-apps-new-onboarding.html');
    const submit = start('https://developer.twitter.com/en/portal/apps/new');
    await settle();
    expect(nameField().value).toBe('tide-tables-2021');
    press();
    await vi.waitFor(() =>
      expect(submit).toHaveBeenCalledWith(expect.objectContaining({ appName: 'tide-tables-2021' })),
    );
  });

  it('asks for a name when the page shows none, and saves nothing until it is given', async () => {
    document.body.innerHTML = read('twitter-2020-onboarding-unnamed.html');
    const submit = start('https://developer.twitter.com/en/portal/apps/new');
    await settle();
    expect(nameField().value).toBe('');
    press();
    expect(submit).not.toHaveBeenCalled();
    expect(panel()?.querySelector('.status')?.textContent).toBe('Name the App these values belong to, then save.');
    nameField().value = '  storm-bot  ';
    press();
    await vi.waitFor(() => expect(submit).toHaveBeenCalledWith(expect.objectContaining({ appName: 'storm-bot' })));
  });

  it('does not ask when the page names its App by id', async () => {
    document.body.innerHTML = read('twitter-2021-access-token-dialog.html');
    const submit = start('https://developer.twitter.com/en/portal/projects/1400112233445566778/apps/21900345/keys');
    await settle();
    expect(((panel() as ShadowRoot).querySelector('label.name') as HTMLElement).hidden).toBe(true);
    press();
    await vi.waitFor(() => expect(submit).toHaveBeenCalled());
    expect(submit).toHaveBeenCalledWith(
      expect.objectContaining({
        appId: '21900345',
        appName: 'gull-bot',
        credentials: [
          expect.objectContaining({ kind: 'accessToken', handle: 'gullbot' }),
          expect.objectContaining({ kind: 'accessTokenSecret', handle: 'gullbot' }),
        ],
      }),
    );
  });
});
