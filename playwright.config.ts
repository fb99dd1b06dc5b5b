import { defineConfig } from '@playwright/test';

export default defineConfig({
  // Each test launches its own browser with the extension; two cores run one at a time best.
  workers: 1,
  fullyParallel: false,
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
