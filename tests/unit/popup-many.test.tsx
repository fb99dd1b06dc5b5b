// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WINDOW_FROM } from '@/components/AppList';
import { VaultView } from '@/components/VaultView';
import { App } from '@/entrypoints/popup/App';
import { FIRST_APPS } from '@/entrypoints/popup/hooks/useVaultList';
import type { AppSummary, CredentialSummary } from '@/utils/vault/types';
import { credential, fakeBackground, NOW, SETTINGS } from './helpers/popup';

/** A big vault: `n` Apps of four credentials, newest first. */
const manyApps = (n: number): AppSummary[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `a${i}`,
    host: 'developer.x.com',
    exports: [],
    appName: `bench-app-${i}`,
    projectName: `Project ${i % 20}`,
    credentials: ['apiKey', 'apiKeySecret', 'accessToken', 'accessTokenSecret'].map((kind) =>
      credential(`c${i}-${kind}`, kind),
    ),
  }));

/** The popup's list as a page holds it: the search in state, and a Copy handler that changes with it. */
function Vault({ apps, onCopy }: { apps: AppSummary[]; onCopy: (query: string, c: CredentialSummary) => void }) {
  const [query, setQuery] = useState('');
  return (
    <VaultView
      apps={apps}
      now={NOW}
      query={query}
      onQuery={setQuery}
      onLock={() => {}}
      // A new function each render, closing over this render's query.
      onCopy={(c) => onCopy(query, c)}
      onHistory={() => {}}
    />
  );
}

afterEach(cleanup);

const COUNT = 100;
/** Regions by a plain selector: role queries over thousands of elements are slow in happy-dom. */
const regions = () => [...document.querySelectorAll('section[aria-label]')].map((r) => r.getAttribute('aria-label'));

/** Scrolls the page so that the list's top is `by` px above the view (happy-dom lays nothing out). */
function scrollList(by: number) {
  const list = document.querySelector('.app-list') as HTMLElement;
  list.getBoundingClientRect = () => ({ top: -by }) as DOMRect;
  window.dispatchEvent(new Event('scroll'));
}

describe('a vault of 100 Apps (400 credentials)', () => {
  it('renders the Apps in view and a screenful either side, and the others as the user scrolls to them', async () => {
    render(<Vault apps={manyApps(COUNT)} onCopy={() => {}} />);
    const first = regions();
    expect(first[0]).toBe('bench-app-0');
    expect(first.length).toBeGreaterThan(1);
    expect(first.length).toBeLessThan(10);
    // The scrollbar stands for all of them: the list's padding is the height of those not rendered.
    const list = document.querySelector('.app-list') as HTMLElement;
    expect(Number.parseFloat(list.style.paddingBottom)).toBeGreaterThan(10_000);

    // Far down (happy-dom measures nothing: every App is estimated at 500 px and a 10 px gap).
    scrollList(510 * 80);
    await waitFor(() => expect(regions()).toContain('bench-app-80'));
    expect(regions()).not.toContain('bench-app-0');
    expect(Number.parseFloat(list.style.paddingTop)).toBeGreaterThan(30_000);
    // And to the end: the last App, in the vault's order.
    scrollList(510 * COUNT);
    await waitFor(() => expect(regions().at(-1)).toBe(`bench-app-${COUNT - 1}`));
    expect(list.style.paddingBottom).toBe('0px');
  });

  it('renders the App after the focused one, and the one before, as soon as focus moves (Tab before any scroll)', async () => {
    render(<Vault apps={manyApps(COUNT)} onCopy={() => {}} />);
    const first = regions();
    const last = first.at(-1) as string;
    const next = `bench-app-${first.length}`;
    expect(first).not.toContain(next);
    const list = document.querySelector('.app-list') as HTMLElement;
    const below = Number.parseFloat(list.style.paddingBottom);
    // Focus on the last App rendered (as Tab puts it there): no scroll event, no frame.
    within(screen.getByRole('region', { name: last }))
      .getByRole('button', { name: 'Copy API Key' })
      .focus();
    await waitFor(() => expect(regions()).toContain(next));
    expect(regions()).toContain(last);
    // The scrollbar still stands for every App: the padding below lost just the App now rendered (500 px and its gap).
    expect(Number.parseFloat(list.style.paddingBottom)).toBe(below - 510);

    // Far down, Shift+Tab from the first App rendered lands on the one above it.
    cleanup();
    render(<Vault apps={manyApps(COUNT)} onCopy={() => {}} />);
    scrollList(510 * 50);
    await waitFor(() => expect(regions()).toContain('bench-app-50'));
    const top = regions()[0] as string;
    const above = `bench-app-${Number(top.split('-').at(-1)) - 1}`;
    expect(regions()).not.toContain(above);
    within(screen.getByRole('region', { name: top }))
      .getByRole('button', { name: `History for ${top}` })
      .focus();
    await waitFor(() => expect(regions()).toContain(above));
  });

  it('finds an App far down the list at the first keystroke', async () => {
    render(<Vault apps={manyApps(COUNT)} onCopy={() => {}} />);
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: `bench-app-${COUNT - 1}` } });
    expect(regions()).toEqual([`bench-app-${COUNT - 1}`]);
    // Clearing the search brings the top of the list back.
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: '' } });
    expect(regions()[0]).toBe('bench-app-0');
  });

  it(`renders a smaller vault whole (up to ${WINDOW_FROM} credentials), so Find in page sees every App`, () => {
    render(<Vault apps={manyApps(WINDOW_FROM / 4)} onCopy={() => {}} />);
    expect(regions()).toHaveLength(WINDOW_FROM / 4);
    cleanup();
    render(<Vault apps={manyApps(WINDOW_FROM / 4 + 1)} onCopy={() => {}} />);
    expect(regions().length).toBeLessThan(WINDOW_FROM / 4 + 1);
  });

  it('runs the page’s latest handler from a row that was not rendered again', async () => {
    const onCopy = vi.fn();
    render(<Vault apps={manyApps(COUNT)} onCopy={onCopy} />);
    // "project 1" matches bench-app-1 whole (kept as is), then the query changes by a letter.
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'project 1' } });
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'project 1 ' } });
    const app = screen.getByRole('region', { name: 'bench-app-1' });
    fireEvent.click(within(app).getByRole('button', { name: 'Copy API Key' }));
    expect(onCopy).toHaveBeenCalledWith('project 1 ', expect.objectContaining({ id: 'c1-apiKey' }));
  });
});

describe('opening the popup on a big vault', () => {
  it('paints the first Apps from a short reply, then the rest; a search meanwhile waits for them', async () => {
    const apps = manyApps(COUNT);
    let rest: (value: AppSummary[]) => void = () => {};
    const background = fakeBackground({
      'vault.status': () => ({ exists: true, locked: false, unopened: 0 }),
      'vault.list': ({ first }) => (first ? apps.slice(0, first) : new Promise((resolve) => (rest = resolve))),
      'settings.get': () => SETTINGS,
    });
    render(<App />);
    await screen.findByRole('region', { name: 'bench-app-0' });
    // Of the first Apps, only those in view and near it: the first paint lays out a screenful.
    expect(regions().length).toBeLessThan(FIRST_APPS);
    // The rest is asked for once the first Apps are painted.
    await waitFor(() =>
      expect(background.sent.filter((m) => m.type === 'vault.list').map((m) => m.payload)).toEqual([
        { first: FIRST_APPS },
        {},
      ]),
    );
    expect(screen.getByText('Opening the rest of the vault…')).toBeTruthy();
    // Typed before the rest arrived: not "No match", which would be wrong a moment later.
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: `bench-app-${COUNT - 1}` } });
    expect(screen.getByText('Searching…')).toBeTruthy();
    rest(apps);
    await screen.findByRole('region', { name: `bench-app-${COUNT - 1}` });
    expect(screen.queryByText('Opening the rest of the vault…')).toBeNull();
  });
});
