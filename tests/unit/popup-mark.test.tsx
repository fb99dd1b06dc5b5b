// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HistoryView } from '@/components/HistoryView';
import type { AppSummary } from '@/utils/vault/types';

const NOW = Date.UTC(2026, 10, 23, 12);
const app: AppSummary = {
  id: 'a1',
  host: 'developer.x.com',
  exports: [],
  appName: 'Weather Bot',
  credentials: [
    { id: 'c2', kind: 'bearerToken', version: 2, status: 'active', createdAt: NOW, capturedAt: NOW, dueAt: NOW + 1e10 },
    {
      id: 'c1',
      kind: 'bearerToken',
      version: 1,
      status: 'revoked',
      createdAt: NOW - 1e9,
      capturedAt: NOW - 1e9,
      supersededAt: NOW - 1e8,
      dueAt: NOW,
    },
  ],
};

afterEach(cleanup);

describe('marking by hand in the history', () => {
  it('asks once more before marking, and offers it only for the active version', () => {
    const onMark = vi.fn();
    render(<HistoryView app={app} now={NOW} onBack={() => {}} onMark={onMark} />);
    expect(screen.getAllByRole('button', { name: 'Mark Bearer Token revoked' })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Mark Bearer Token revoked' }));
    expect(onMark).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Confirm: mark Bearer Token revoked' }));
    expect(onMark).toHaveBeenCalledWith(app.credentials[0], 'revoked');
  });
});
