import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

// Each test file gets its own real SQLite file, migrated on first use by getDb().
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-unit-'));
process.env.DATABASE_PATH = path.join(dir, 'test.db');
process.env.BCRYPT_COST ??= '4';
// Secret links are made with a key derived from it (lib/link-tokens.ts).
process.env.AUTH_SECRET ??= 'unit-test-secret-not-for-production-0123456789';

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
