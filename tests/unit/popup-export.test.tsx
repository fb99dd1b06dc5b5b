// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AddCredentialForm } from '@/components/AddCredentialForm';
import { ExportView } from '@/components/ExportView';
import { activityLines, HistoryView } from '@/components/HistoryView';
import type { AppSummary } from '@/utils/vault/types';

const NOW = Date.UTC(2026, 10, 23, 12);
const credential = (id: string, kind: string, status: 'active' | 'superseded' = 'active') => ({
  id,
  kind,
  version: 1,
  status,
  createdAt: NOW,
  capturedAt: NOW,
  dueAt: NOW + 1e10,
});
const app: AppSummary = {
  id: 'a1',
  host: 'developer.x.com',
  appName: 'Weather Bot',
  exports: [{ format: 'env', at: NOW - 1e9, staleSince: Date.UTC(2026, 10, 20) }],
  credentials: [credential('c1', 'apiKey'), credential('c2', 'apiKeySecret'), credential('c0', 'apiKey', 'superseded')],
};

afterEach(cleanup);

describe('the export view', () => {
  it('exports the active credentials under the chosen names, and says when the last .env went stale', () => {
    const onCopy = vi.fn();
    render(<ExportView app={app} onCopy={onCopy} onDownload={() => {}} onBack={() => {}} />);
    expect(screen.getByText('exported .env is stale since 2026-11-20')).toBeTruthy();
    expect(screen.getByText('as X_API_KEY')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Variable names'), { target: { value: 'tweepy' } });
    expect(screen.getByText('as CONSUMER_KEY')).toBeTruthy();
    // Leave the secret out.
    fireEvent.click(screen.getByRole('checkbox', { name: /API Key Secret/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Copy .env' }));
    expect(onCopy).toHaveBeenCalledWith({ format: 'env', preset: 'tweepy', credentialIds: ['c1'] });
  });

  it('refuses a custom prefix that is not a variable name, and names the buttons after the format', () => {
    render(<ExportView app={app} onCopy={() => {}} onDownload={() => {}} onBack={() => {}} />);
    fireEvent.change(screen.getByLabelText('Variable names'), { target: { value: 'custom' } });
    fireEvent.input(screen.getByLabelText('Prefix'), { target: { value: '1BAD-' } });
    expect(screen.getByRole('alert').textContent).toContain('Upper-case letters, digits and underscores');
    expect((screen.getByRole('button', { name: 'Copy .env' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('Prefix'), { target: { value: 'MYBOT_' } });
    expect(screen.getByText('as MYBOT_API_KEY')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'postman' } });
    expect(screen.getByRole('button', { name: 'Download Postman environment' })).toBeTruthy();
  });

  it('shows why an export was refused', () => {
    render(
      <ExportView
        app={app}
        problems={['API Key contains "$", which dotenv-expand would expand.']}
        onCopy={() => {}}
        onDownload={() => {}}
        onBack={() => {}}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('API Key contains "$"');
  });
});

describe('adding a credential by paste', () => {
  it('says what format the kind has, and sends a trimmed value that matches', () => {
    const onAdd = vi.fn();
    render(<AddCredentialForm newApp today="2026-11-23" onAdd={onAdd} />);
    fireEvent.input(screen.getByLabelText('App name'), { target: { value: 'old-bot' } });
    fireEvent.input(screen.getByLabelText('Value'), { target: { value: 'too-short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add credential' }));
    expect(screen.getByRole('alert').textContent).toBe(
      'That does not look like an API Key: expected 25 letters and digits (20 to 22 for older Apps).',
    );
    expect(onAdd).not.toHaveBeenCalled();
    fireEvent.input(screen.getByLabelText('Value'), { target: { value: ' Kb4Wm2Pz9Rt4Vb8Nc3Jd6Hf1Q ' } });
    fireEvent.input(screen.getByLabelText('Created or regenerated on'), { target: { value: '2026-10-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add credential' }));
    expect(onAdd).toHaveBeenCalledWith({
      kind: 'apiKey',
      value: 'Kb4Wm2Pz9Rt4Vb8Nc3Jd6Hf1Q',
      createdAt: Date.UTC(2026, 9, 1),
      appName: 'old-bot',
    });
  });
});

describe('an App’s activity in its history', () => {
  it('makes one line per event, and one per export listing what it held', () => {
    const at = Date.UTC(2026, 10, 23, 9, 30);
    // Newest first, as the vault gives them; an export's events share its time.
    const lines = activityLines([
      { at: at + 60_000, type: 'copied', kind: 'apiKeySecret' },
      // In whatever order they were stored: listed in the kinds' order.
      { at, type: 'exported', kind: 'apiKeySecret', format: 'env' },
      { at, type: 'exported', kind: 'bearerToken', format: 'env' },
      { at, type: 'exported', kind: 'apiKey', format: 'env' },
      { at: at - 60_000, type: 'regenerated', kind: 'apiKey' },
      { at: at - 120_000, type: 'captured', kind: 'apiKey' },
    ]);
    expect(lines.map((l) => l.text)).toEqual([
      'API Key Secret copied',
      'exported as .env: API Key, API Key Secret, Bearer Token',
      'API Key regenerated',
      'API Key saved',
    ]);
    render(
      <HistoryView
        app={app}
        now={NOW}
        onBack={() => {}}
        events={[{ at, type: 'exported', kind: 'apiKey', format: 'json' }]}
      />,
    );
    expect(screen.getByRole('region', { name: 'Activity' }).textContent).toBe(
      'Activity2026-11-23 09:30 UTC exported as JSON: API Key',
    );
  });
});
