import { defineConfig } from '@playwright/test';

export default defineConfig({
  // Each worker starts one Chromium and installs a fresh copy of OnceKey into it for each test
  // (tests/e2e/shared-browser.ts), so the Chromium tests are independent. Most of a test is the
  // browser's work, and this machine has two cores: two Chromium workers at a time. Beside them,
  // one slot for the tests that mostly wait on one of OnceKey's own minimum delays (tagged
  // @waits: the idle timeout's minute, the clipboard's 10 s), and one for Firefox's files, each
  // one story in order (serial).
  workers: 4,
  fullyParallel: true,
  // The builds the tests load: copies with the capture panel's shadow root open (tests/global-setup.ts).
  globalSetup: './tests/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  // Recording a trace of every test (to keep the failing ones') cost about a tenth of the suite's
  // CPU here; to look into a failure, run its file again with `--trace on`.
  use: { trace: 'off' },
  projects: [
    // Playwright driving Chromium with the Chrome build.
    { name: 'chromium', testDir: 'tests/e2e', grepInvert: /@waits/, workers: 2 },
    { name: 'chromium-waits', testDir: 'tests/e2e', grep: /@waits/, workers: 1 },
    // Firefox ESR with the Firefox build, driven by puppeteer-core over WebDriver BiDi (tests/firefox/firefox.ts):
    // each file one story in order, with its own copy of OnceKey (in the worker's shared Firefox, or a browser
    // of its own where the story needs one).
    { name: 'firefox', testDir: 'tests/firefox', timeout: 90_000, workers: 1 },
  ],
});
