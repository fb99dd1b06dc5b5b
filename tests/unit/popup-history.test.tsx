// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HistoryView } from '@/components/HistoryView';
import type { AppSummary, CredentialSummary } from '@/utils/vault/types';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 23, 12);
const JAN_5 = Date.UTC(2026, 0, 5, 9);
const MAY_20 = Date.UTC(2026, 4, 20, 23, 30);
const OCT_1 = Date.UTC(2026, 9, 1, 0, 15);

const version = (id: string, kind: string, v: number, createdAt: number, more: Partial<CredentialSummary> = {}) =>
  ({
    id,
    kind,
    version: v,
    status: 'active',
    createdAt,
    capturedAt: createdAt,
    dueAt: createdAt + 90 * DAY,
    ...more,
  }) satisfies CredentialSummary;

// As the vault lists them: newest first, kinds interleaved.
const app: AppSummary = {
  id: 'a1',
  host: 'developer.x.com',
  exports: [],
  projectName: 'Bots',
  appName: 'Weather Bot',
  credentials: [
    version('k3', 'apiKeySecret', 3, OCT_1),
    version('b1', 'bearerToken', 1, MAY_20),
    version('k2', 'apiKeySecret', 2, MAY_20, { status: 'superseded', supersededAt: OCT_1 }),
    version('k1', 'apiKeySecret', 1, JAN_5, { status: 'superseded', supersededAt: MAY_20 }),
  ],
};

afterEach(cleanup);

describe('the history of an App', () => {
  it('lists every version of each kind, newest first, with older ones marked superseded', () => {
    render(<HistoryView app={app} now={NOW} onBack={() => {}} />);
    expect(screen.getByRole('heading', { name: 'History of Weather Bot' })).toBeTruthy();
    const secrets = within(screen.getByRole('region', { name: 'API Key Secret' })).getAllByRole('listitem');
    expect(secrets.map((li) => li.textContent)).toEqual([
      'v3 · created 2026-10-01 · active · rotate in 37 days',
      'v2 · created 2026-05-20 · superseded 2026-10-01',
      'v1 · created 2026-01-05 · superseded 2026-05-20',
    ]);
    expect(secrets.map((li) => li.classList.contains('version-superseded'))).toEqual([false, true, true]);
    const bearer = within(screen.getByRole('region', { name: 'Bearer Token' })).getAllByRole('listitem');
    expect(bearer.map((li) => li.textContent)).toEqual(['v1 · created 2026-05-20 · active · overdue by 96 days']);
  });

  it('goes back to the vault', () => {
    const onBack = vi.fn();
    render(<HistoryView app={app} now={NOW} onBack={onBack} />);
    fireEvent.click(screen.getByRole('button', { name: 'Back', exact: true }));
    expect(onBack).toHaveBeenCalledOnce();
  });
});
