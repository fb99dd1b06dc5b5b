import type { Worker } from '@playwright/test';
import { expect, test } from './fixtures';

const PORTAL = 'https://developer.x.com/en/portal/dashboard';

/** Tries a request the way code in that context would; says whether it went through. */
const tryFetch = (url: string) =>
  fetch(url).then(
    () => 'sent',
    () => 'refused',
  );

test('OnceKey’s pages and background cannot make a network request, even to the portal', async ({
  context,
  extensionId,
  openPopup,
}) => {
  // The portal answers, so a refusal below is OnceKey's own policy, not the closed network.
  await context.route(PORTAL, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/plain',
      body: 'ok',
      headers: { 'access-control-allow-origin': '*' },
    }),
  );
  const page = await context.newPage();
  await page.goto(PORTAL);
  expect(await page.evaluate(tryFetch, PORTAL)).toBe('sent');

  const popup = await openPopup();
  expect(await popup.evaluate(tryFetch, PORTAL)).toBe('refused');
  const ours = (w: Worker) => new URL(w.url()).host === extensionId;
  const worker = context.serviceWorkers().find(ours) ?? (await context.waitForEvent('serviceworker', ours));
  expect(await worker.evaluate(tryFetch, PORTAL)).toBe('refused');
});
