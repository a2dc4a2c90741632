/**
 * npm run test:mail-crash — mail is delivered exactly once across a mail
 * server that is down and an app that is killed. The production server runs
 * on a file database holding 40 waiting messages, with SMTP_URL pointing at a
 * port where nothing listens yet. Three times it starts, tries to send (every
 * attempt fails: connection refused) and is killed with SIGKILL. Then a real
 * SMTP server comes up on that port and the app is started once more, left
 * alone until the outbox is empty. Checks: every message arrived once (by
 * its Message-ID), none twice, each row is marked sent, and the failed
 * attempts were recorded. Prints the figures; exits 1 on any mismatch.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { openDatabase } from '../db';
import { enqueueMail } from '../lib/mail/outbox';
import { startServer } from './bench-lib';
import { buildIsStale } from './lib';
import { freePort } from '../test/net';

const MESSAGES = 40;
const KILLS = 3;
const PORT = Number(process.env.MAIL_CRASH_PORT ?? 3238);
/** The first retry comes 30 s after a failure (lib/mail/outbox.ts), and the sender looks every 15 s. */
const DELIVERY_LIMIT_MS = 150_000;

const exited = (child: import('node:child_process').ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));

async function main() {
  if (buildIsStale()) {
    console.error('Build first (npm run build): the mail crash test runs the production server.');
    process.exit(2);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweetspot-mail-crash-'));
  const file = path.join(dir, 'mail.db');
  const db = openDatabase(file);
  const firmId = Number(db.$client.prepare("insert into firms (name, time_zone) values ('Mail Firm', 'UTC')").run().lastInsertRowid);
  db.transaction((tx) => {
    for (let i = 0; i < MESSAGES; i++)
      enqueueMail(tx, {
        firmId,
        kind: 'test',
        to: `person${i}@mail.example`,
        subject: `Message ${i}`,
        text: `Body ${i}.`,
        reason: 'A crash test sent this.',
      });
  });
  const keys = (db.$client.prepare('select message_key from outbox order by id').all() as { message_key: string }[]).map(
    (r) => r.message_key,
  );
  db.$client.close();

  const smtpPort = await freePort();
  const env = { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: 'Sweetspot <mail@crash.example>' };
  let kills = 0;
  for (let round = 0; round < KILLS; round++) {
    const { server } = await startServer(file, PORT, env);
    // Long enough for the sender's first round (every message refused) and to be killed mid-round in later ones.
    await new Promise((r) => setTimeout(r, 500 + Math.random() * 1500));
    server.kill('SIGKILL');
    kills++;
    await exited(server);
  }
  const during = openDatabase(file, { migrate: false }).$client;
  const afterDown = during.prepare("select count(*) as n, sum(attempts) as attempts from outbox where status != 'sent'").get() as {
    n: number;
    attempts: number;
  };
  during.close();

  // The mail server comes back; the app starts once more and is left to deliver.
  const received: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const id = /^Message-ID:\s*<([^@>]+)@/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '(none)';
        received.push(id);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));
  const { server } = await startServer(file, PORT, env);
  const started = Date.now();
  const watch = openDatabase(file, { migrate: false }).$client;
  const unsent = () => (watch.prepare("select count(*) as n from outbox where status != 'sent'").get() as { n: number }).n;
  while (unsent() > 0 && Date.now() - started < DELIVERY_LIMIT_MS) await new Promise((r) => setTimeout(r, 500));
  const tookMs = Date.now() - started;
  // A little longer: a message sent twice would arrive now.
  await new Promise((r) => setTimeout(r, 2000));
  const left = unsent();
  watch.close();
  server.kill('SIGTERM');
  await exited(server);
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });

  const counts = new Map<string, number>();
  for (const id of received) counts.set(id, (counts.get(id) ?? 0) + 1);
  const missing = keys.filter((k) => !counts.has(k));
  const twice = [...counts.values()].filter((n) => n > 1).length;
  const strangers = [...counts.keys()].filter((k) => !keys.includes(k)).length;
  console.log(
    `${MESSAGES} messages; mail server down for ${kills} SIGKILLs: ${afterDown.n} unsent after them, ${afterDown.attempts} failed attempts recorded`,
  );
  console.log(
    `mail server back: ${received.length} received in ${(tookMs / 1000).toFixed(1)} s; ${missing.length} missing, ${twice} received more than once, ${strangers} unknown, ${left} rows not marked sent`,
  );
  const ok =
    afterDown.n === MESSAGES && afterDown.attempts >= MESSAGES && missing.length === 0 && twice === 0 && strangers === 0 && left === 0;
  console.log(ok ? 'OK: every message was delivered exactly once.' : 'FAILED');
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
