import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

// Each test file gets its own real SQLite file, migrated on first use by getDb().
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-unit-'));
process.env.DATABASE_PATH = path.join(dir, 'test.db');
process.env.BCRYPT_COST ??= '4';

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
