// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import type { ComponentProps } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VaultView } from '@/components/VaultView';
import type { AppSummary, CredentialSummary } from '@/utils/vault/types';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 23, 12);

const credential = (c: Partial<CredentialSummary> & Pick<CredentialSummary, 'id' | 'kind'>): CredentialSummary => ({
  version: 1,
  status: 'active',
  createdAt: NOW - 10 * DAY,
  capturedAt: NOW - 10 * DAY,
  dueAt: NOW + 80 * DAY,
  ...c,
});

const weatherBot: AppSummary = {
  id: 'a1',
  host: 'developer.x.com',
  exports: [],
  projectName: 'Bots',
  portalAppId: '111',
  appName: 'Weather Bot',
  credentials: [
    credential({ id: 'c4', kind: 'apiKeySecret', version: 2, createdAt: NOW - 2 * DAY, dueAt: NOW + 88 * DAY }),
    credential({ id: 'c3', kind: 'apiKey', version: 2, createdAt: NOW - 85 * DAY, dueAt: NOW + 5 * DAY }),
    credential({ id: 'c2', kind: 'bearerToken', createdAt: NOW - 93 * DAY, dueAt: NOW - 3 * DAY }),
    credential({ id: 'c1', kind: 'apiKeySecret', status: 'superseded', supersededAt: NOW - 2 * DAY }),
  ],
};

const replyGuy: AppSummary = {
  id: 'a2',
  host: 'console.x.com',
  exports: [],
  projectName: 'Experiments',
  appName: 'Reply Guy',
  credentials: [
    credential({ id: 'c5', kind: 'accessToken', handle: 'alice', permission: 'Read and write' }),
    credential({ id: 'c6', kind: 'accessTokenSecret', handle: 'alice' }),
  ],
};

function renderVault(props: Partial<ComponentProps<typeof VaultView>> = {}) {
  const handlers = { onLock: vi.fn(), onCopy: vi.fn(), onQuery: vi.fn(), onHistory: vi.fn() };
  render(<VaultView apps={[weatherBot, replyGuy]} now={NOW} query="" {...handlers} {...props} />);
  return handlers;
}

afterEach(cleanup);

describe('the unlocked popup lists credentials by App', () => {
  it('shows each App as a region named by the App, with its project', () => {
    renderVault();
    const weather = screen.getByRole('region', { name: 'Weather Bot' });
    expect(within(weather).getByRole('heading', { name: 'Weather Bot' })).toBeTruthy();
    expect(within(weather).getByText('Bots')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Reply Guy' })).toBeTruthy();
  });

  it('shows each row with its kind, a masked value, its age and a Copy button named by kind', () => {
    renderVault();
    const weather = screen.getByRole('region', { name: 'Weather Bot' });
    const rows = within(weather).getAllByRole('listitem');
    expect(rows.map((row) => row.querySelector('.kind')?.textContent)).toEqual([
      'API Key Secret',
      'API Key',
      'Bearer Token',
    ]);
    const first = within(rows[0] as HTMLElement);
    expect(first.getByRole('button', { name: 'Copy API Key Secret' })).toBeTruthy();
    expect(first.getByText('••••••••')).toBeTruthy();
    expect(first.getByText('regenerated 2 days ago')).toBeTruthy();
  });

  it('shows the owner and permission of an access token', () => {
    renderVault();
    const reply = screen.getByRole('region', { name: 'Reply Guy' });
    const row = within(reply).getByRole('button', { name: 'Copy Access Token' }).closest('li') as HTMLElement;
    expect(within(row).getByText('@alice')).toBeTruthy();
    expect(within(row).getByText('Read and write')).toBeTruthy();
  });

  it('lists only active versions; superseded ones wait in the history', () => {
    renderVault();
    const weather = screen.getByRole('region', { name: 'Weather Bot' });
    expect(within(weather).getAllByRole('button', { name: /^Copy / })).toHaveLength(3);
    expect(within(weather).getAllByRole('button', { name: 'Copy API Key Secret' })).toHaveLength(1);
  });

  it('badges each credential fresh, due soon or overdue, with when to rotate', () => {
    renderVault();
    const row = (name: string) => screen.getByRole('button', { name }).closest('li') as HTMLElement;
    expect(within(row('Copy API Key Secret')).getByText('fresh').title).toBe('rotate in 88 days');
    expect(within(row('Copy API Key')).getByText('due soon').title).toBe('rotate in 5 days');
    expect(within(row('Copy Bearer Token')).getByText('overdue').title).toBe('overdue by 3 days');
  });

  it('copies the credential the user chose', () => {
    const { onCopy } = renderVault();
    fireEvent.click(screen.getByRole('button', { name: 'Copy Bearer Token' }));
    expect(onCopy).toHaveBeenCalledExactlyOnceWith(weatherBot.credentials[2], 'Bearer Token');
  });

  it('opens the history of an App with every version, and locks', () => {
    const { onHistory, onLock } = renderVault();
    fireEvent.click(screen.getByRole('button', { name: 'History for Weather Bot' }));
    expect(onHistory).toHaveBeenCalledExactlyOnceWith(weatherBot);
    fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    expect(onLock).toHaveBeenCalledOnce();
  });

  it('explains how to save the first credentials when the vault is empty', () => {
    renderVault({ apps: [] });
    expect(screen.getByText('Nothing saved yet.')).toBeTruthy();
    expect(screen.queryByRole('region')).toBeNull();
  });
});
