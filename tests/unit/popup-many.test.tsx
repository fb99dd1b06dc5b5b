// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APPS_PER_CHUNK, FIRST_SCREEN_APPS } from '@/components/AppList';
import { VaultView } from '@/components/VaultView';
import type { AppSummary, CredentialSummary } from '@/utils/vault/types';
import { credential, NOW } from './helpers/popup';

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

/** Enough for a first screenful and more than one chunk after it. */
const COUNT = 100;
/** Regions by a plain selector: role queries over thousands of elements are slow in happy-dom. */
const regions = () => [...document.querySelectorAll('section[aria-label]')];

describe('a vault of 100 Apps (400 credentials)', () => {
  it('paints a first screenful at once, then every App follows without another render by the page', async () => {
    render(<Vault apps={manyApps(COUNT)} onCopy={() => {}} />);
    expect(screen.getAllByRole('region')).toHaveLength(FIRST_SCREEN_APPS);
    expect(FIRST_SCREEN_APPS + APPS_PER_CHUNK).toBeLessThan(COUNT);
    await waitFor(() => expect(regions()).toHaveLength(COUNT), { timeout: 10_000 });
    // In the vault's order, the last one too.
    expect(regions().at(-1)?.getAttribute('aria-label')).toBe(`bench-app-${COUNT - 1}`);
  });

  it('finds an App the list had not reached yet, at the first keystroke', async () => {
    render(<Vault apps={manyApps(COUNT)} onCopy={() => {}} />);
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: `bench-app-${COUNT - 1}` } });
    expect(screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'))).toEqual([`bench-app-${COUNT - 1}`]);
    // Clearing the search brings every App back, a screenful first.
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: '' } });
    expect(screen.getAllByRole('region')).toHaveLength(FIRST_SCREEN_APPS);
    await waitFor(() => expect(regions()).toHaveLength(COUNT), { timeout: 10_000 });
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
