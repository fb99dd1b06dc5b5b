// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CredentialRow } from '@/components/CredentialRow';
import { HistoryView } from '@/components/HistoryView';
import type { AppSummary, CredentialSummary } from '@/utils/vault/types';
import { credential, NOW } from './helpers/popup';

const _DAY = 24 * 60 * 60 * 1000;
const app = (credentials: CredentialSummary[]): AppSummary => ({
  id: 'a1',
  host: 'developer.x.com',
  exports: [],
  appName: 'Weather Bot',
  credentials,
});

afterEach(cleanup);

describe('a "rotate by" date in History', () => {
  it('sets the current version’s date, and clears it again', () => {
    const onRotateBy = vi.fn();
    const { rerender } = render(
      <HistoryView app={app([credential('k1', 'apiKey')])} now={NOW} onBack={() => {}} onRotateBy={onRotateBy} />,
    );
    const section = within(screen.getByRole('region', { name: 'API Key' }));
    const set = section.getByRole('button', { name: 'Set date' }) as HTMLButtonElement;
    expect(set.disabled).toBe(true);
    fireEvent.input(section.getByLabelText('Rotate API Key by'), { target: { value: '2026-12-01' } });
    fireEvent.click(set);
    expect(onRotateBy).toHaveBeenCalledWith(expect.objectContaining({ id: 'k1' }), Date.UTC(2026, 11, 1));

    const by = Date.UTC(2026, 11, 1);
    rerender(
      <HistoryView
        app={app([credential('k1', 'apiKey', { rotateBy: by, dueAt: by })])}
        now={NOW}
        onBack={() => {}}
        onRotateBy={onRotateBy}
      />,
    );
    expect(screen.getByText(/rotate in 8 days \(your date\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Use the API Key’s period again' }));
    expect(onRotateBy).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'k1' }), null);
  });

  it('is not offered for the Client ID, which never rotates, nor for a superseded version', () => {
    render(
      <HistoryView
        app={app([
          credential('c1', 'clientId', { dueAt: undefined }),
          credential('s1', 'clientSecret', { status: 'superseded', supersededAt: NOW }),
        ])}
        now={NOW}
        onBack={() => {}}
        onRotateBy={() => {}}
      />,
    );
    expect(screen.queryByLabelText(/Rotate .* by/)).toBeNull();
    const clientId = within(screen.getByRole('region', { name: 'Client ID' })).getByRole('listitem');
    expect(clientId.textContent).toBe('v1 · created 2026-11-22 · active');
  });
});

describe('the Client ID in the list', () => {
  it('has no rotation badge and says it never rotates', () => {
    const { container } = render(
      <ul>
        <CredentialRow credential={credential('c1', 'clientId', { dueAt: undefined })} now={NOW} onCopy={() => {}} />
      </ul>,
    );
    expect(container.querySelector('.badge')).toBeNull();
    expect(container.textContent).toContain('never rotates');
  });
});
