/**
 * The production HTTP server: Next.js's own request handler behind the
 * rendered-page cache of lib/page-cache.ts. Started by scripts/serve.ts (and
 * the benchmarks) with NODE_ENV=production, PORT, DATABASE_PATH and
 * AUTH_SECRET set; PAGE_CACHE=off serves every request from Next.js.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import next from 'next';
import { decode } from 'next-auth/jwt';
import http from 'node:http';
import { databasePath, schema } from '../db';
import { withPageCache } from '../lib/page-cache';
import { root } from './lib';

const port = Number(process.env.PORT ?? 3000);
const secret = process.env.AUTH_SECRET;
if (!secret) {
  console.error('AUTH_SECRET is not set');
  process.exit(2);
}

const app = next({ dev: false, dir: root, port });
const handle = app.getRequestHandler();

// The cache's own connection: PRAGMA data_version moves when any *other*
// connection (the app's, another process's) commits. It only reads.
const sqlite = new Database(databasePath(), { fileMustExist: true });
sqlite.pragma('busy_timeout = 5000');
sqlite.pragma('query_only = ON');
const db = drizzle(sqlite, { schema });
const enabled = process.env.PAGE_CACHE !== 'off';
const serve = enabled ? withPageCache(handle, { db, secret, decode }) : handle;

app.prepare().then(
  () => {
    const server = http.createServer((req, res) => {
      serve(req, res).catch((error) => {
        console.error(error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Internal Server Error');
      });
    });
    server.listen(port, () => console.log(`✓ Ready on http://localhost:${port}${enabled ? '' : ' (page cache off)'}`));
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => {
        server.close();
        server.closeAllConnections();
        sqlite.close();
        process.exit(0);
      });
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
