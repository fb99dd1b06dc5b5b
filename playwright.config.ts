import { defineConfig } from '@playwright/test';

export default defineConfig({
  // Each worker starts one Chromium and installs a fresh copy of OnceKey into it for each test
  // (tests/e2e/shared-browser.ts), so the Chromium tests are independent and run two at a time:
  // most of a test is waiting on the browser, not computing. Firefox's files are each one story
  // in order (serial), one file a worker.
  workers: 2,
  fullyParallel: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
  projects: [
    // Playwright driving Chromium with the Chrome build.
    { name: 'chromium', testDir: 'tests/e2e' },
    // Firefox ESR with the Firefox build, driven by puppeteer-core over WebDriver BiDi (tests/firefox/firefox.ts):
    // one browser per file, whose tests are one story in order.
    { name: 'firefox', testDir: 'tests/firefox', timeout: 90_000 },
  ],
});
