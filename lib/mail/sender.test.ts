import net from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDb, openDatabase, schema } from '@/db';
import { makeFirm } from '@/test/factories';
import { oneTimeToken } from '@/lib/link-tokens';
import { claimNext, enqueueMail, FIRST_RETRY_MS, HIDDEN_TOKEN, LEASE_MS, MAX_RETRY_MS, retryDelay } from './outbox';
import { deliverDue, htmlOf, smtpTransport, startSender } from './sender';
import { freePort } from '@/test/net';

type Received = { to: string[]; raw: string };

/** A real SMTP server on loopback that keeps what it receives; `refuse` answers 550 to a recipient. */
async function startSmtp(port = 0, refuse?: string) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === refuse) return callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = (server as unknown as { server: net.Server }).server.address() as net.AddressInfo;
  return { received, port: address.port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const T0 = Date.UTC(2030, 0, 15, 12);
const FROM = 'Sweetspot <mail@sweetspot.example>';
let firmId = 0;
let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;

const rows = () => getDb().select().from(schema.outbox).orderBy(schema.outbox.id).all();
const queue = (to: string, subject = 'Hello', at = T0) =>
  enqueueMail(
    getDb(),
    { firmId, kind: 'test', to, subject, text: `Body for ${to}.\n\nhttps://app.example/x?y=1`, reason: 'You asked for this test.' },
    at,
  );
const options = (port: number) => ({ db: getDb(), transport: smtpTransport(`smtp://127.0.0.1:${port}`), from: FROM });

beforeEach(() => {
  getDb().delete(schema.outbox).run();
  firmId = makeFirm().id;
});
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

describe('the outbox sender, against a real SMTP server', () => {
  it('sends each message once, with its Message-ID, footer reason and an HTML part, and marks it sent', async () => {
    smtp = await startSmtp();
    const ids = [queue('a@mail.example', 'First'), queue('b@mail.example', 'Second')];
    expect(await deliverDue(options(smtp.port), () => T0)).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(await deliverDue(options(smtp.port), () => T0 + LEASE_MS * 2)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.received.map((r) => r.to)).toEqual([['a@mail.example'], ['b@mail.example']]);
    const first = smtp.received[0]!.raw;
    const key = rows()[0]!.messageKey;
    expect(first).toContain(`Message-ID: <${key}@sweetspot.example>`);
    expect(first).toContain('Subject: First');
    expect(first).toContain('You asked for this test.');
    expect(first).toContain('text/html');
    expect(rows().map((r) => [r.id, r.status, r.attempts, r.sentAt, r.lastError])).toEqual(ids.map((id) => [id, 'sent', 1, T0, null]));
  });

  it('sends attachments (a calendar file, a PDF) as parts that decode to the stored bytes', async () => {
    smtp = await startSmtp();
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300, 0xfe)]);
    enqueueMail(
      getDb(),
      {
        firmId,
        kind: 'test',
        to: 'files@mail.example',
        subject: 'Files',
        text: 'See attached.',
        reason: 'R',
        attachments: [
          {
            filename: 'visit.ics',
            contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
            base64: Buffer.from(ics).toString('base64'),
          },
          { filename: 'invoice-2026-0001.pdf', contentType: 'application/pdf', base64: pdf.toString('base64') },
        ],
      },
      T0,
    );
    await deliverDue(options(smtp.port), () => T0);
    const raw = smtp.received[0]!.raw;
    /** The body of the MIME part named `filename` (base64, as nodemailer writes binary and calendar parts). */
    const part = (filename: string) => {
      const at = raw.indexOf(`filename=${filename}`);
      expect(at, filename).toBeGreaterThan(0);
      const body = raw.slice(raw.indexOf('\r\n\r\n', at) + 4, raw.indexOf('\r\n--', at));
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    };
    expect(raw).toContain('Content-Type: text/calendar; charset=utf-8; method=PUBLISH');
    expect(part('visit.ics').toString('utf8')).toBe(ics);
    expect(part('invoice-2026-0001.pdf').equals(pdf)).toBe(true);
  });

  it('sends a one-time link as written, then keeps the message without it', async () => {
    smtp = await startSmtp();
    const token = oneTimeToken().token;
    enqueueMail(
      getDb(),
      { firmId, kind: 'test', to: 'link@mail.example', subject: 'Link', text: `Open https://app.example/r/${token}`, reason: 'R' },
      T0,
    );
    expect(rows()[0]!.body).toContain(token);
    await deliverDue(options(smtp.port), () => T0);
    expect(smtp.received[0]!.raw).toContain(token);
    expect(rows()[0]!.body).not.toContain(token);
    expect(rows()[0]!.body).toContain(`https://app.example/r/${HIDDEN_TOKEN}`);
  });

  it('keeps a message while the server is down and sends it after the backoff once the server is back', async () => {
    const port = await freePort();
    const id = queue('late@mail.example');
    expect(await deliverDue(options(port), () => T0)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const waiting = rows()[0]!;
    expect(waiting).toMatchObject({ id, status: 'pending', attempts: 1, nextAttemptAt: T0 + FIRST_RETRY_MS, leaseUntil: null });
    expect(waiting.lastError).toMatch(/^Could not reach the mail server: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);

    smtp = await startSmtp(port);
    // Not yet due: the server being back changes nothing before the retry time.
    expect(await deliverDue(options(port), () => T0 + FIRST_RETRY_MS - 1)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
    expect(await deliverDue(options(port), () => T0 + FIRST_RETRY_MS)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received.map((r) => r.to)).toEqual([['late@mail.example']]);
    expect(rows()[0]).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('waits twice as long after each failure, at most an hour, and gives up after the last attempt with the reason', async () => {
    expect([1, 2, 3, 4].map(retryDelay)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelay(20)).toBe(MAX_RETRY_MS);
    const port = await freePort();
    queue('never@mail.example');
    let now = T0;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const counts = await deliverDue({ ...options(port), maxAttempts: 3 }, () => now);
      const row = rows()[0]!;
      if (attempt < 3) {
        expect(counts).toEqual({ sent: 0, retrying: 1, failed: 0 });
        waits.push(row.nextAttemptAt - now);
        now = row.nextAttemptAt;
      } else {
        expect(counts).toEqual({ sent: 0, retrying: 0, failed: 1 });
        expect(row.status).toBe('failed');
        expect(row.lastError).toMatch(/^Gave up after 3 attempts\. Last: Could not reach the mail server/);
      }
    }
    expect(waits).toEqual([30_000, 60_000]);
    // A failed message is not tried again by the sender.
    expect(await deliverDue(options(port), () => now + MAX_RETRY_MS * 10)).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it('gives up at once when the server refuses the recipient for good, recording its answer, and sends the others', async () => {
    smtp = await startSmtp(0, 'nobody@mail.example');
    queue('nobody@mail.example');
    queue('someone@mail.example');
    expect(await deliverDue(options(smtp.port), () => T0)).toEqual({ sent: 1, retrying: 0, failed: 1 });
    const [refused, sent] = rows();
    expect(refused).toMatchObject({ status: 'failed', attempts: 1 });
    expect(refused!.lastError).toMatch(/^The mail server refused it: 550 .*No such mailbox here/);
    expect(sent).toMatchObject({ status: 'sent' });
    expect(smtp.received.map((r) => r.to)).toEqual([['someone@mail.example']]);
  });

  it('takes over a message claimed by a sender that died, only after its lease ran out, and sends it once', async () => {
    smtp = await startSmtp();
    queue('crash@mail.example');
    // A sender claims it and dies before sending (or before marking it sent).
    const dead = claimNext(getDb(), T0);
    expect(dead).toMatchObject({ status: 'sending', attempts: 1, leaseUntil: T0 + LEASE_MS });
    expect(await deliverDue(options(smtp.port), () => T0 + LEASE_MS - 1)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
    expect(await deliverDue(options(smtp.port), () => T0 + LEASE_MS)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(rows()[0]).toMatchObject({ status: 'sent', attempts: 2 });
    // The dead sender's late "sent" or "failed" changes nothing: its claim is gone.
    const { markSent } = await import('./outbox');
    expect(markSent(getDb(), dead!, T0 + LEASE_MS + 5)).toBe(false);
    expect(rows()[0]!.sentAt).toBe(T0 + LEASE_MS);
  });

  it('a sender starting (the process restarted after a kill) takes back the dead one’s claim and sends it at once', async () => {
    smtp = await startSmtp();
    queue('restart@mail.example', 'Hello', Date.now());
    claimNext(getDb(), Date.now()); // claimed by the process that was killed; its lease has minutes to run
    const stop = startSender(options(smtp.port), 60_000);
    try {
      // Sent means marked sent: the SMTP server has the message a moment before the sender hears its answer.
      for (let i = 0; i < 150 && rows()[0]!.status !== 'sent'; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      stop();
    }
    expect(smtp.received.map((r) => r.to[0])).toEqual(['restart@mail.example']);
    expect(rows()[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('two senders on two connections to the same database send every message exactly once', async () => {
    smtp = await startSmtp();
    for (let i = 0; i < 12; i++) queue(`p${i}@mail.example`);
    const other = openDatabase(process.env.DATABASE_PATH!, { migrate: false });
    const counts = await Promise.all([
      deliverDue(options(smtp.port), () => T0),
      deliverDue({ ...options(smtp.port), db: other }, () => T0),
    ]);
    other.$client.close();
    expect(counts[0].sent + counts[1].sent).toBe(12);
    expect(smtp.received.map((r) => r.to[0]).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `p${i}@mail.example`).sort());
    expect(rows().every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('writes a message only when the transaction that causes it commits', () => {
    expect(() =>
      getDb().transaction((tx) => {
        enqueueMail(tx, { firmId, kind: 'test', to: 'x@mail.example', subject: 'S', text: 'T', reason: 'R' });
        throw new Error('the change failed');
      }),
    ).toThrow('the change failed');
    expect(rows()).toEqual([]);
    expect(getDb().select().from(schema.outbox).where(eq(schema.outbox.toAddress, 'x@mail.example')).all()).toEqual([]);
  });

  it('makes the HTML part from the text: escaped, links clickable, the footer apart', () => {
    const html = htmlOf('Hi <b>you</b>\n\nOpen https://app.example/a?b=1&c=2\n\n-- \nSweetspot. Because.\n', 'https://app.example/');
    expect(html).toContain('<p>Hi &#60;b&#62;you&#60;/b&#62;</p>');
    expect(html).toContain('<a href="https://app.example/a?b=1&#38;c=2">');
    expect(html).toMatch(/<p style="color:#64748b;font-size:12px">Sweetspot\. Because\.<\/p>/);
  });

  it('makes only links to this instance clickable: an address typed into a name at sign-up stays plain text', () => {
    const text = [
      'Hello Eve https://evil.example/login,',
      'So ACME http://app.example.evil.example/x can add team members. Open https://app.example/confirm-email/abc',
      '-- \nSweetspot. A firm called "https://evil.example" was created.',
    ].join('\n\n');
    const html = htmlOf(text, 'https://app.example');
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain('<a href="https://app.example/confirm-email/abc">');
    expect(html).toContain('Hello Eve https://evil.example/login,');
    expect(html).not.toContain('href="https://evil.example');
    expect(html).not.toContain('href="http://app.example.evil.example');
  });
});
