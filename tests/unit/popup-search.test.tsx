// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultView } from '@/components/VaultView';
import { filterApps } from '@/utils/search';
import type { AppSummary } from '@/utils/vault/types';
import { credential, NOW } from './helpers/popup';

const weatherBot: AppSummary = {
  id: 'a1',
  host: 'developer.x.com',
  exports: [],
  projectName: 'Bots',
  portalAppId: '111',
  appName: 'Weather Bot',
  credentials: [
    credential('c1', 'apiKey'),
    credential('c2', 'bearerToken'),
    credential('c3', 'clientSecret'),
    credential('c0', 'accessToken', { status: 'superseded', handle: 'bob' }),
  ],
};
const replyGuy: AppSummary = {
  id: 'a2',
  host: 'console.x.com',
  exports: [],
  projectName: 'Experiments',
  appName: 'Reply Guy',
  notes: 'staging only',
  credentials: [credential('c4', 'accessToken', { handle: '@alice' }), credential('c5', 'apiKey')],
};
const APPS = [weatherBot, replyGuy];

const kinds = (apps: AppSummary[]) => apps.map((a) => [a.appName, a.credentials.map((c) => c.kind)]);

afterEach(cleanup);

describe('filterApps', () => {
  it('keeps everything for an empty query', () => {
    expect(filterApps(APPS, '  ')).toBe(APPS);
  });

  it('finds Apps by name, project, App id, host or notes, keeping all their credentials', () => {
    expect(filterApps(APPS, 'WEATHER')).toEqual([weatherBot]);
    expect(filterApps(APPS, 'experiments')).toEqual([replyGuy]);
    expect(filterApps(APPS, '111')).toEqual([weatherBot]);
    expect(filterApps(APPS, 'console.x')).toEqual([replyGuy]);
    expect(filterApps(APPS, 'staging')).toEqual([replyGuy]);
  });

  it('finds credentials by kind label or key, keeping only those', () => {
    expect(kinds(filterApps(APPS, 'client secret'))).toEqual([['Weather Bot', ['clientSecret']]]);
    expect(kinds(filterApps(APPS, 'bearer'))).toEqual([['Weather Bot', ['bearerToken']]]);
    expect(kinds(filterApps(APPS, 'api key'))).toEqual([
      ['Weather Bot', ['apiKey']],
      ['Reply Guy', ['apiKey']],
    ]);
  });

  it('finds access tokens by owner handle, with or without the @', () => {
    expect(kinds(filterApps(APPS, 'alice'))).toEqual([['Reply Guy', ['accessToken']]]);
    expect(kinds(filterApps(APPS, '@alice'))).toEqual([['Reply Guy', ['accessToken']]]);
  });

  it('needs every term to match, on the App or the credential', () => {
    expect(kinds(filterApps(APPS, 'reply api'))).toEqual([['Reply Guy', ['apiKey']]]);
    expect(filterApps(APPS, 'reply bearer')).toEqual([]);
  });
});

function SearchableVault({ apps }: { apps: AppSummary[] }) {
  const [query, setQuery] = useState('');
  return (
    <VaultView
      apps={apps}
      now={NOW}
      query={query}
      onQuery={setQuery}
      onLock={() => {}}
      onCopy={() => {}}
      onHistory={() => {}}
    />
  );
}

describe('the Search field', () => {
  it('narrows the list as the user types', () => {
    render(<SearchableVault apps={APPS} />);
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'bearer' } });
    expect(screen.queryByRole('region', { name: 'Reply Guy' })).toBeNull();
    const weather = screen.getByRole('region', { name: 'Weather Bot' });
    expect(
      within(weather)
        .getAllByRole('button', { name: /^Copy / })
        .map((b) => b.getAttribute('aria-label')),
    ).toEqual(['Copy Bearer Token']);
  });

  it('does not list an App only for a handle on a superseded version', () => {
    render(<SearchableVault apps={APPS} />);
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: 'bob' } });
    expect(screen.queryByRole('region')).toBeNull();
  });

  it('says so when nothing matches', () => {
    render(<SearchableVault apps={APPS} />);
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'nothing like this' } });
    expect(screen.getByText('No match for “nothing like this”.')).toBeTruthy();
    expect(screen.queryByRole('region')).toBeNull();
    expect(screen.queryByText('Nothing saved yet.')).toBeNull();
  });
});
