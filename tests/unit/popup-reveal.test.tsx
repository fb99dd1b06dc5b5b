// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CredentialRow } from '@/components/CredentialRow';
import type { CredentialSummary } from '@/utils/vault/types';

const NOW = Date.UTC(2026, 10, 23, 12);
const SECRET = 'aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY3zA5bC7dE9fG2hJ4km';
const credential: CredentialSummary = {
  id: 'c1',
  kind: 'apiKeySecret',
  version: 1,
  status: 'active',
  createdAt: NOW,
  capturedAt: NOW,
  dueAt: NOW + 90 * 86_400_000,
};

afterEach(cleanup);

describe('revealing a value', () => {
  it('shows dots until revealed, then the value, and hides it again on Hide or when focus leaves', () => {
    const onReveal = vi.fn();
    const onHide = vi.fn();
    const props = { credential, now: NOW, onCopy: () => {}, onReveal, onHide };
    const { rerender } = render(<CredentialRow {...props} />);
    expect(screen.queryByText(SECRET)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Reveal API Key Secret' }));
    expect(onReveal).toHaveBeenCalledWith(credential);

    rerender(<CredentialRow {...props} revealed={SECRET} />);
    expect(screen.getByText(SECRET)).toBeTruthy();
    const hide = screen.getByRole('button', { name: 'Hide API Key Secret' });
    expect(hide.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(hide);
    expect(onHide).toHaveBeenCalledTimes(1);
    fireEvent.blur(hide);
    expect(onHide).toHaveBeenCalledTimes(2);
  });
});
