import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_DB = path.resolve(__dirname, '.e2e', 'sweetspot-e2e.db');
/** The spec that times pages while heavy work runs (project "load"). */
const LOAD_SPEC = 'background-work.spec.ts';

// Playwright cannot download browsers here; Debian's chromium is the one we drive.
const chromiumPath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

const launchOptions = {
  executablePath: chromiumPath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

export default defineConfig({
  testDir: './e2e',
  // e2e/restore runs against a restored backup, from npm run test:restore (playwright.restore.config.ts).
  testIgnore: ['restore/**'],
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: 'retain-on-failure',
    launchOptions,
  },
  projects: [
    { name: 'desktop', testIgnore: ['restore/**', LOAD_SPEC], use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } } },
    {
      name: 'phone',
      testIgnore: ['restore/**', LOAD_SPEC],
      use: { browserName: 'chromium', viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    },
    // Timing under load is a benchmark (npm run bench:background), not part of npm test: a timed assertion
    // fails on a busy machine whatever the code does. Run alone, other tests' logins are not in its figures.
    { name: 'load', testMatch: LOAD_SPEC, dependencies: ['desktop', 'phone'] },
  ],
  webServer: {
    // A production server on a fresh database file, migrated before it listens.
    command: 'npx tsx scripts/serve.ts --fresh',
    url: `http://localhost:${E2E_PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(E2E_PORT),
      DATABASE_PATH: E2E_DB,
      AUTH_SECRET: 'e2e-only-secret-not-for-production-0123456789',
      // The tests serve calendars from this machine; the refusal itself is tested in lib/calendar-import.
      CALENDAR_FETCH_ALLOW_PRIVATE: '1',
    },
  },
});
