/** What the HTTP benchmarks share: a production server on a given database, sign-in, percentiles. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { buildIsStale, root } from './lib';

const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

export function buildIfStale(): void {
  if (!buildIsStale()) return;
  console.log('Building the production app…');
  const b = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

/** Starts `next start` on the database file and waits for /api/health. */
export async function startServer(file: string, port: number): Promise<{ base: string; server: ChildProcess }> {
  const server = spawn(process.execPath, [nextBin, 'start', '-p', String(port)], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_PATH: file, AUTH_SECRET: 'bench-secret-bench-secret-bench-secret', AUTH_TRUST_HOST: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://localhost:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 100) {
      server.kill('SIGTERM');
      throw new Error('server did not start');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { base, server };
}

/** Signs in through Auth.js's credentials endpoint; returns the session cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/dashboard` }),
  });
  const session = res.headers.getSetCookie().find((c) => c.includes('session-token'));
  if (!session) throw new Error(`sign-in failed for ${email}: ${res.status}`);
  return session.split(';')[0]!;
}

export function percentiles(xs: number[]): { median: number; p95: number; p99: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
  return { median: at(0.5), p95: at(0.95), p99: at(0.99) };
}
