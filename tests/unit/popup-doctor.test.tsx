// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppGroup } from '@/components/AppGroup';
import { HistoryView } from '@/components/HistoryView';
import type { AppSummary, CredentialSummary } from '@/utils/vault/types';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 23, 12);
const NOV_2 = Date.UTC(2026, 10, 2, 9);

const credential = (id: string, kind: string, more: Partial<CredentialSummary> = {}): CredentialSummary => ({
  id,
  kind,
  version: 1,
  status: 'active',
  createdAt: NOW - 30 * DAY,
  capturedAt: NOW - 30 * DAY,
  dueAt: NOW + 60 * DAY,
  ...more,
});

const app = (credentials: CredentialSummary[], more: Partial<AppSummary> = {}): AppSummary => ({
  id: 'a1',
  host: 'developer.x.com',
  exports: [],
  appName: 'Weather Bot',
  credentials,
  ...more,
});

const PAIR = [credential('k', 'apiKey'), credential('s', 'apiKeySecret')];
const TOKENS = (permission = 'Read and Write', more: Partial<CredentialSummary> = {}) => [
  credential('t', 'accessToken', { handle: 'rainalerts', permission, ...more }),
  credential('ts', 'accessTokenSecret', more),
];

function list(summary: AppSummary) {
  const actions = { onCopy: vi.fn(), onHistory: vi.fn() };
  render(
    <AppGroup
      app={summary}
      title="Weather Bot"
      credentials={summary.credentials.filter((c) => c.status === 'active')}
      now={NOW}
      {...actions}
    />,
  );
  return within(screen.getByRole('region', { name: 'Weather Bot' }));
}

const row = (region: ReturnType<typeof list>, kind: string) =>
  region.getAllByRole('listitem').find((li) => li.querySelector('.kind')?.textContent === kind) as HTMLElement;

afterEach(cleanup);

describe('what each credential can do', () => {
  it('says it in one line per row, an Access Token naming its owner and permission', () => {
    const region = list(
      app([...PAIR, credential('b', 'bearerToken'), ...TOKENS(), credential('c', 'clientId', { dueAt: undefined })]),
    );
    const can = (kind: string) => row(region, kind).querySelector('.row-can')?.textContent;
    expect(can('Bearer Token')).toBe('App-only: reads public data; cannot post or act for a user.');
    expect(can('API Key')).toBe('Identifies the App; signs requests together with an Access Token.');
    expect(can('Access Token')).toBe('Acts as @rainalerts with Read and Write.');
    expect(can('Client ID')).toBe('OAuth 2.0 sign-in with PKCE. Not a secret; never rotates.');
  });

  it('says it once per kind in History, for the current version', () => {
    render(<HistoryView app={app([...PAIR, ...TOKENS('Read Only')])} now={NOW} onBack={() => {}} />);
    const token = within(screen.getByRole('region', { name: 'Access Token' }));
    expect(token.getByText('Acts as @rainalerts with Read Only.')).toBeTruthy();
    const key = within(screen.getByRole('region', { name: 'API Key' }));
    expect(key.getByText('Identifies the App; signs requests together with an Access Token.')).toBeTruthy();
  });
});

describe('"Ready for"', () => {
  const needs = (region: ReturnType<typeof list>) =>
    [...region.getByRole('group').querySelectorAll('p')].map((p) => p.textContent);

  it('says everything is ready when the App has all it needs', () => {
    const region = list(
      app([
        ...PAIR,
        credential('b', 'bearerToken'),
        ...TOKENS(),
        credential('c', 'clientId', { dueAt: undefined }),
        credential('cs', 'clientSecret'),
      ]),
    );
    expect(region.getByText('Ready for: Post as @rainalerts, Read public data, Sign users in')).toBeTruthy();
    expect(needs(region)).toEqual([
      'Post as @rainalerts: ready (Read and Write)',
      'Read public data: ready, with the Bearer Token',
      'Sign users in: ready (Client ID and Client Secret)',
    ]);
  });

  it('names exactly what is missing, superseded or made with too little', () => {
    const region = list(
      app([
        credential('k', 'apiKey'),
        credential('s', 'apiKeySecret', { status: 'superseded', supersededAt: NOV_2 }),
        ...TOKENS('Read Only'),
      ]),
    );
    expect(region.getByText('Ready for: nothing yet')).toBeTruthy();
    expect(needs(region)).toEqual([
      'Post as @rainalerts: API Key Secret superseded 2026-11-02; Access Token made with Read Only: regenerate it after allowing Read and write',
      'Read public data: missing Bearer Token; API Key Secret superseded 2026-11-02',
      'Sign users in: missing Client ID',
    ]);
  });
});

describe('dependents', () => {
  const regenerated = () =>
    app([
      credential('k2', 'apiKey', { version: 2, createdAt: NOV_2 }),
      credential('s2', 'apiKeySecret', { version: 2, createdAt: NOV_2 }),
      credential('b', 'bearerToken', { possiblyStaleSince: NOV_2 }),
      ...TOKENS('Read and Write', { possiblyStaleSince: NOV_2 }),
    ]);

  it('shows "possibly stale" and why in the rows of what the regeneration may have invalidated', () => {
    const region = list(regenerated());
    const bearer = row(region, 'Bearer Token');
    expect(bearer.querySelector('.badge-stale')?.textContent).toBe('possibly stale');
    expect(bearer.querySelector('.row-warning')?.textContent).toBe(
      'Possibly stale: the API Key and Secret were regenerated on 2026-11-02. Check it still works, or regenerate it.',
    );
    expect(row(region, 'API Key').querySelector('.badge-stale')).toBeNull();
    const post = [...region.getByRole('group').querySelectorAll('p')].find((p) => p.textContent?.startsWith('Post as'));
    expect(post?.textContent).toBe(
      'Post as @rainalerts: Access Token possibly stale (the API Key and Secret regenerated 2026-11-02); Access Token Secret possibly stale (the API Key and Secret regenerated 2026-11-02)',
    );
  });

  it('lets the user say one still works, or mark it regenerated, in History', () => {
    const onStillWorks = vi.fn();
    const onMark = vi.fn();
    render(<HistoryView app={regenerated()} now={NOW} onBack={() => {}} onStillWorks={onStillWorks} onMark={onMark} />);
    const bearer = within(screen.getByRole('region', { name: 'Bearer Token' }));
    expect(bearer.getByText(/^Possibly stale: the API Key and Secret were regenerated on 2026-11-02/)).toBeTruthy();
    fireEvent.click(bearer.getByRole('button', { name: 'Bearer Token still works' }));
    expect(onStillWorks).toHaveBeenCalledWith(expect.objectContaining({ id: 'b' }));
    fireEvent.click(bearer.getByRole('button', { name: 'Mark Bearer Token regenerated' }));
    fireEvent.click(bearer.getByRole('button', { name: 'Confirm: mark Bearer Token regenerated' }));
    expect(onMark).toHaveBeenCalledWith(expect.objectContaining({ id: 'b' }), 'regenerated');
    expect(
      within(screen.getByRole('region', { name: 'API Key' })).queryByRole('button', { name: /still works/ }),
    ).toBeNull();
  });
});

describe('permissions changed', () => {
  it('badges an Access Token made with less than its App has allowed since, with the sentence, in the list and History', () => {
    const summary = app([...PAIR, ...TOKENS('Read Only')]);
    const withReading = { ...summary, permissions: [{ at: NOW - DAY, permission: 'read-write', source: 'settings' }] };
    const region = list(withReading as AppSummary);
    const token = row(region, 'Access Token');
    expect(token.querySelector('.badge-drift')?.textContent).toBe('permissions changed');
    expect(token.querySelector('.row-warning')?.textContent).toBe(
      'Made with Read Only. Regenerate it to post as @rainalerts.',
    );
    cleanup();
    render(<HistoryView app={withReading as AppSummary} now={NOW} onBack={() => {}} />);
    const history = within(screen.getByRole('region', { name: 'Access Token' }));
    expect(history.getByText('Made with Read Only. Regenerate it to post as @rainalerts.')).toBeTruthy();
  });

  it('says nothing when the App allowed no more after the token was made', () => {
    const summary = app([...PAIR, ...TOKENS('Read Only')]);
    const before = { ...summary, permissions: [{ at: NOW - 60 * DAY, permission: 'read-write', source: 'settings' }] };
    const region = list(before as AppSummary);
    expect(row(region, 'Access Token').querySelector('.badge-drift')).toBeNull();
  });
});

describe('export', () => {
  it('warns of an Access Token made with less than its App now allows', async () => {
    const { ExportView } = await import('@/components/ExportView');
    const summary = {
      ...app([...PAIR, ...TOKENS('Read Only')]),
      permissions: [{ at: NOW - DAY, permission: 'read-write' as const, source: 'settings' as const }],
    };
    render(<ExportView app={summary} onBack={() => {}} onCopy={() => {}} onDownload={() => {}} />);
    expect(screen.getAllByRole('note').map((n) => n.textContent)).toEqual([
      'Access Token: Made with Read Only. Regenerate it to post as @rainalerts.',
    ]);
  });
});
