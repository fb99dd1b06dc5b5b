// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PortalChannel } from '@/entrypoints/portal.content/channel';
import { startCapture } from '@/entrypoints/portal.content/start-capture';
import { savedPermission } from '@/utils/portal/settings-form';
import { type TestPage, testPage, trusted } from './helpers/portal-page';

const FORM = readFileSync(join(import.meta.dirname, '../fixtures/portal/x-user-auth-settings.html'), 'utf8');
const SETTINGS_URL = 'https://developer.x.com/en/portal/projects/1529384756102938475/apps/29384756/auth-settings';

const body = () => {
  document.body.innerHTML = new DOMParser().parseFromString(FORM, 'text/html').body.innerHTML;
};
const button = (text: string) =>
  [...document.querySelectorAll('button')].find((b) => b.textContent === text) as HTMLButtonElement;
const choose = (text: string) => {
  const radio = [...document.querySelectorAll<HTMLInputElement>('input[name="perm"]')].find(
    (r) => (r.closest('label') ?? document.querySelector(`label[for="${r.id}"]`))?.textContent?.trim() === text,
  );
  if (!radio) throw new Error(`no choice ${text}`);
  radio.checked = true;
};

let page: TestPage;
let stop: (() => void) | undefined;
beforeEach(() => {
  page = testPage();
  body();
});
afterEach(() => {
  stop?.();
  document.body.innerHTML = '';
});

describe('the App permissions choice of the settings form', () => {
  it('is read from the checked choice when Save is pressed, whatever the other choices', () => {
    expect(savedPermission(button('Save'))).toBe('read');
    choose('Read and write');
    expect(savedPermission(button('Save'))).toBe('read-write');
    choose('Read and write and Direct message');
    expect(savedPermission(button('Save'))).toBe('read-write-dm');
  });

  it('is not read from any other button, or from a Save button with no App permissions around it', () => {
    expect(savedPermission(button('Cancel'))).toBeUndefined();
    document.body.innerHTML = '<form><label><input type="radio" checked> Read</label><button>Save</button></form>';
    expect(savedPermission(button('Save'))).toBeUndefined();
  });

  it('is reported for the page’s App on the user’s own click on Save only', () => {
    const permission = vi.fn(async (_reading: Parameters<PortalChannel['permission']>[0]) => null);
    const channel = {
      submit: vi.fn(),
      regenerated: vi.fn(async () => null),
      preview: vi.fn(async () => ({ known: false, replaces: [] })),
      seen: vi.fn(async () => null),
      permission,
    } as unknown as PortalChannel;
    startCapture({
      doc: document,
      win: page.win,
      url: () => SETTINGS_URL,
      channel,
      now: page.now,
      onStop: (s) => (stop = s),
    });
    choose('Read and write');
    button('Save').click();
    expect(permission).not.toHaveBeenCalled();
    button('Cancel').dispatchEvent(trusted(new MouseEvent('click', { bubbles: true })));
    expect(permission).not.toHaveBeenCalled();
    button('Save').dispatchEvent(trusted(new MouseEvent('click', { bubbles: true })));
    expect(permission).toHaveBeenCalledWith({ host: 'developer.x.com', appId: '29384756', permission: 'read-write' });
  });
});
