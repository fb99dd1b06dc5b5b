// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
    // Rotate by the end of that day, where the user is.
    const by = new Date(2026, 11, 2).getTime();
    expect(onRotateBy).toHaveBeenCalledWith(expect.objectContaining({ id: 'k1' }), by);

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

describe('a "rotate by" date in New York', () => {
  const zone = process.env.TZ;
  beforeEach(() => {
    process.env.TZ = 'America/New_York';
  });
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('is the end of the chosen day there: not overdue during it, and today is the earliest day offered', () => {
    // 22:00 on 30 November in New York, already 1 December in UTC.
    const evening = Date.UTC(2026, 11, 1, 3);
    const onRotateBy = vi.fn();
    const view = (now: number, more: Partial<CredentialSummary> = {}) => (
      <HistoryView app={app([credential('k1', 'apiKey', more)])} now={now} onBack={() => {}} onRotateBy={onRotateBy} />
    );
    const { rerender } = render(view(evening));
    const input = screen.getByLabelText('Rotate API Key by') as HTMLInputElement;
    expect(input.min).toBe('2026-11-30');
    fireEvent.input(input, { target: { value: '2026-12-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set date' }));
    // Midnight starting 2 December in New York: 05:00 UTC.
    const by = Date.UTC(2026, 11, 2, 5);
    expect(onRotateBy).toHaveBeenCalledWith(expect.objectContaining({ id: 'k1' }), by);

    rerender(view(evening, { rotateBy: by, dueAt: by }));
    expect(screen.getByText(/rotate by tomorrow \(your date\)/)).toBeTruthy();
    // 23:00 on the chosen day: still to do today, not overdue.
    rerender(view(Date.UTC(2026, 11, 2, 4), { rotateBy: by, dueAt: by }));
    expect(screen.getByText(/rotate today \(your date\)/)).toBeTruthy();
    cleanup();
    render(
      <ul>
        <CredentialRow
          credential={credential('k1', 'apiKey', { rotateBy: by, dueAt: by })}
          now={by - 60_000}
          onCopy={() => {}}
        />
      </ul>,
    );
    expect(screen.queryByText('overdue')).toBeNull();
    expect(screen.getByText('due soon').title).toBe('rotate today');
    // A form opened again shows the day the user picked.
    cleanup();
    render(view(evening, { rotateBy: by, dueAt: by }));
    expect((screen.getByLabelText('Rotate API Key by') as HTMLInputElement).value).toBe('2026-12-01');
  });
});

describe('a Client ID from a backup that still gave it a due date', () => {
  const restored = () => credential('c1', 'clientId', { dueAt: NOW - 3 * _DAY });

  it('is not overdue in the list, as in the toolbar badge', () => {
    const { container } = render(
      <ul>
        <CredentialRow credential={restored()} now={NOW} onCopy={() => {}} />
      </ul>,
    );
    expect(container.querySelector('.badge')).toBeNull();
    expect(container.textContent).not.toContain('overdue');
    expect(container.textContent).toContain('never rotates');
  });

  it('is offered no "rotate by" date in History', () => {
    render(<HistoryView app={app([restored()])} now={NOW} onBack={() => {}} onRotateBy={() => {}} />);
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
