import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * The smoke test run by `npm run test:restore` against a server that
 * scripts/restore-smoke.ts started on a database brought back by `npm run restore`.
 */
export default defineConfig({
  ...base,
  testDir: './e2e/restore',
  testIgnore: [],
  webServer: undefined,
  workers: 1,
  reporter: [['list']],
  use: { ...base.use, baseURL: process.env.RESTORE_BASE_URL ?? 'http://localhost:3237' },
  // The base desktop project ignores restore/** (the main suite must not run it); here it is the whole suite.
  projects: base.projects?.filter((p) => p.name === 'desktop').map((p) => ({ ...p, testIgnore: [] })),
});
