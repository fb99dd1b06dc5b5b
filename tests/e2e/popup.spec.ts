import type { Locator } from '@playwright/test';
import { badgeText, expect, lock, PASSPHRASE, saveCapture, startVault, test } from './fixtures';

const KEY = 'Kb4Wm2Pz9Rt4Vb8Nc3Jd6Hf1Q';

test('the toolbar badge counts credentials overdue for rotation, also while locked', async ({ openPopup }) => {
  const popup = await openPopup();
  await startVault(popup);
  const badge = () => badgeText(popup);
  await expect.poll(badge).toBe('');
  // Captured 100 and 95 days ago: past the 90-day rotation period. 10 days ago: not yet.
  await saveCapture(
    popup,
    '28000001',
    'old-app',
    [
      { kind: 'apiKey', value: KEY },
      { kind: 'apiKeySecret', value: 'Pq2Wr4Et6Yu8Io0Pa1Sd3Fg5Hj7Kl9Zx2Cv4Bn6Mq8We0Rt1Yu' },
    ],
    100,
  );
  await saveCapture(
    popup,
    '28000002',
    'older-app',
    [{ kind: 'clientSecret', value: 'CJVXcyNA47M7btwLgp358k-IzJ-_vxcHXobHEu0jxm16FM1wZ0' }],
    95,
  );
  await saveCapture(popup, '28000003', 'new-app', [{ kind: 'apiKey', value: 'Zr4Tq8Wm2Xn6Bv1Lc9Kd3Hs7J' }], 10);
  await expect.poll(badge).toBe('3');
  await lock(popup);
  await expect.poll(badge).toBe('3');
});

/** Presses Tab until the control has focus (at most 15 times), as a keyboard user would. */
async function tabTo(control: Locator): Promise<void> {
  for (let i = 0; i < 15 && !(await control.evaluate((el) => el === document.activeElement)); i++) {
    await control.page().keyboard.press('Tab');
  }
  await expect(control).toBeFocused();
}

test('keyboard alone: unlock, find an App and copy its key', async ({ context, openPopup }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const popup = await openPopup();
  await startVault(popup);
  await saveCapture(popup, '28000004', 'keyboard-app', [{ kind: 'apiKey', value: KEY }], 1);
  await saveCapture(popup, '28000005', 'other-app', [{ kind: 'apiKey', value: 'Zr4Tq8Wm2Xn6Bv1Lc9Kd3Hs7J' }], 1);
  await lock(popup);

  // The passphrase field has focus when the popup opens.
  await popup.reload();
  await expect(popup.getByLabel('Passphrase', { exact: true })).toBeFocused();
  await popup.keyboard.type(PASSPHRASE);
  await popup.keyboard.press('Enter');
  await expect(popup.getByLabel('Search')).toBeVisible();

  await tabTo(popup.getByLabel('Search'));
  await popup.keyboard.type('keyboard');
  await expect(popup.getByRole('region', { name: 'other-app' })).toHaveCount(0);
  const copyButton = popup
    .getByRole('region', { name: 'keyboard-app' })
    .getByRole('button', { name: 'Copy API Key', exact: true });
  await tabTo(copyButton);
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('status')).toContainText('Copied API Key.');
  expect(await popup.evaluate(() => navigator.clipboard.readText())).toBe(KEY);
});

test('reveal shows the exact value, and it hides again when focus moves on', async ({ openPopup }) => {
  const popup = await openPopup();
  await startVault(popup);
  await saveCapture(popup, '28000006', 'reveal-app', [{ kind: 'apiKey', value: KEY }], 1);
  await popup.reload();
  const app = popup.getByRole('region', { name: 'reveal-app' });
  await expect(app).not.toContainText(KEY);
  await app.getByRole('button', { name: 'Reveal API Key', exact: true }).click();
  await expect(app.getByText(KEY, { exact: true })).toBeVisible();
  await popup.getByLabel('Search').click();
  // Hidden by the focus moving, well before the reveal's own 10 s run out.
  await expect(app).not.toContainText(KEY, { timeout: 3_000 });
});

test('an App can be renamed and given notes, and search finds it by them', async ({ openPopup }) => {
  const popup = await openPopup();
  await startVault(popup);
  await saveCapture(popup, '28000007', 'edit-app', [{ kind: 'apiKey', value: KEY }], 1);
  await popup.reload();
  await popup.getByRole('button', { name: 'History for edit-app' }).click();
  await popup.getByLabel('App name').fill('billing-bot');
  await popup.getByLabel('Notes').fill('rotated by the ops team');
  await popup.getByRole('button', { name: 'Save App details' }).click();
  await expect(popup.getByRole('status')).toHaveText('App details saved.');
  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  await popup.getByLabel('Search').fill('ops team');
  await expect(popup.getByRole('region', { name: 'billing-bot' })).toBeVisible();
});

test('a credential marked revoked leaves the list and shows as revoked in its history', async ({ openPopup }) => {
  const popup = await openPopup();
  await startVault(popup);
  await saveCapture(popup, '28000008', 'revoke-app', [{ kind: 'apiKey', value: KEY }], 1);
  await popup.reload();
  await popup.getByRole('button', { name: 'History for revoke-app' }).click();
  await popup.getByRole('button', { name: 'Mark API Key revoked' }).click();
  await popup.getByRole('button', { name: 'Confirm: mark API Key revoked' }).click();
  await expect(popup.getByText(/v1 · created .* · revoked/)).toBeVisible();
  await popup.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(
    popup.getByRole('region', { name: 'revoke-app' }).getByRole('button', { name: 'Copy API Key' }),
  ).toHaveCount(0);
});

test('a vault too big to render at once: every App is reached by scrolling and by Tab, and copies its own key', async ({
  context,
  openPopup,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const popup = await openPopup();
  await startVault(popup);
  // 30 Apps of two credentials, big-app-0 the newest: more than the popup renders at once.
  const keyOf = (i: number) => `Kb4Wm2Pz9Rt4Vb8Nc3Jd6H${String(i).padStart(3, '0')}`;
  for (let i = 0; i < 30; i++) {
    await saveCapture(
      popup,
      String(28100000 + i),
      `big-app-${i}`,
      [
        { kind: 'apiKey', value: keyOf(i) },
        { kind: 'apiKeySecret', value: `Pq2Wr4Et6Yu8Io0Pa1Sd3Fg5Hj7Kl9Zx2Cv4Bn6Mq8We0Rt${String(i).padStart(3, '0')}` },
      ],
      1 + i / 100,
    );
  }
  await popup.setViewportSize({ width: 360, height: 600 });
  await popup.reload();
  await expect(popup.getByRole('region', { name: 'big-app-0' })).toBeVisible();
  // The popup paints its first Apps, then reads the rest: until then, the end of the list is the eighth App.
  await expect(popup.getByText('Opening the rest of the vault…')).toHaveCount(0);

  // Scrolled to the end: the oldest App is there, and its Copy copies its own key.
  await popup.keyboard.press('End');
  const last = popup.getByRole('region', { name: 'big-app-29' });
  await expect(last).toBeInViewport();
  await last.getByRole('button', { name: 'Copy API Key', exact: true }).click();
  await expect(popup.getByRole('status')).toContainText('Copied API Key.');
  expect(await popup.evaluate(() => navigator.clipboard.readText())).toBe(keyOf(29));

  // Back at the top, Tab alone walks down the list, past what was rendered at first.
  await popup.keyboard.press('Home');
  await expect(popup.getByRole('region', { name: 'big-app-0' })).toBeInViewport();
  const target = popup
    .getByRole('region', { name: 'big-app-9' })
    .getByRole('button', { name: 'Copy API Key', exact: true });
  await popup.getByLabel('Search').focus();
  const focusedIn = () => popup.evaluate(() => document.activeElement?.closest('section')?.getAttribute('aria-label'));
  for (let i = 0; i < 120 && (await focusedIn()) !== 'big-app-9'; i++) await popup.keyboard.press('Tab');
  await expect.poll(focusedIn).toBe('big-app-9');
  for (let i = 0; i < 10 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
    await popup.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
  await expect(target).toBeInViewport();
});
