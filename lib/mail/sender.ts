/**
 * The background sender: one per server process (instrumentation.ts), it
 * delivers due outbox rows over SMTP one at a time, and waits for a wake-up
 * (a new row) or the next poll. Failures are kept on the row (lib/mail/outbox.ts
 * decides retry or give up); the sender itself never throws.
 *
 * Plain module (no `server-only`, no Next.js): it runs outside any request.
 */
import nodemailer from 'nodemailer';
import type { DB } from '../../db';
import { claimNext, LEASE_MS, markFailed, markSent, MAX_ATTEMPTS, releaseClaims, setWakeUp, type OutboxRow } from './outbox';
import { SECOND_MS } from '../time/units';
import { mailOrigin } from './messages';

export type Transport = { sendMail(message: nodemailer.SendMailOptions): Promise<unknown> };

export type SenderOptions = {
  db: DB;
  transport: Transport;
  from: string;
  leaseMs?: number;
  maxAttempts?: number;
};

/** Each stage of one send is bounded so a send ends well inside its lease (LEASE_MS). */
const TIMEOUTS = {
  connectionTimeout: 20 * SECOND_MS,
  greetingTimeout: 20 * SECOND_MS,
  socketTimeout: 60 * SECOND_MS,
  dnsTimeout: 20 * SECOND_MS,
};

/** SMTP_URL as nodemailer reads it (smtp://user:pass@host:587, smtps://… for implicit TLS). */
export function smtpTransport(smtpUrl: string): Transport {
  return nodemailer.createTransport({ url: smtpUrl, ...TIMEOUTS });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The simple HTML part: the same text, links to this instance made clickable,
 * the footer small and grey. Any other address stays plain text: a sign-up
 * puts the firm's and person's names (typed by whoever signs up) into the
 * confirmation sent to the address typed in, and a link there must not be
 * one click away in a message from us.
 */
export function htmlOf(text: string, origin = mailOrigin()): string {
  const [main = '', footer = ''] = text.split('\n-- \n');
  const home = escapeHtml(origin.replace(/\/$/, ''));
  const ours = (url: string) => url === home || url.startsWith(`${home}/`);
  const linked = (s: string) => escapeHtml(s).replace(/https?:\/\/[^\s<]+/g, (url) => (ours(url) ? `<a href="${url}">${url}</a>` : url));
  const paragraphs = main
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${linked(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${paragraphs}\n<p style="color:#64748b;font-size:12px">${linked(footer.trim())}</p></body></html>`;
}

/** The domain of MAIL_FROM, for Message-IDs. */
export function fromDomain(from: string): string {
  return /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'sweetspot.invalid';
}

export function messageOf(row: OutboxRow, from: string): nodemailer.SendMailOptions {
  return {
    from,
    to: row.toAddress,
    subject: row.subject,
    text: row.body,
    html: htmlOf(row.body),
    messageId: `<${row.messageKey}@${fromDomain(from)}>`,
    attachments: row.attachments?.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.base64, 'base64'),
    })),
  };
}

type SmtpError = { responseCode?: number; code?: string; message?: string; response?: string };

/** What went wrong, in words for the owner, and whether trying again could help (a 5xx answer will not). */
export function describeFailure(error: unknown): { reason: string; permanent: boolean } {
  const e = (error ?? {}) as SmtpError;
  if (typeof e.responseCode === 'number') {
    return { reason: `The mail server refused it: ${e.response ?? e.message ?? e.responseCode}`, permanent: e.responseCode >= 500 };
  }
  if (e.code === 'ECONNREFUSED' || e.code === 'ESOCKET' || e.code === 'ECONNECTION' || e.code === 'ETIMEDOUT' || e.code === 'EDNS') {
    return { reason: `Could not reach the mail server: ${e.message ?? e.code}`, permanent: false };
  }
  return { reason: `Sending failed: ${e.message ?? String(error)}`, permanent: false };
}

export type DeliveryCounts = { sent: number; retrying: number; failed: number };

/** Sends every message due at `now` (taking over expired claims), one at a time. */
export async function deliverDue(options: SenderOptions, now: () => number = Date.now): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, retrying: 0, failed: 0 };
  for (;;) {
    const row = claimNext(options.db, now(), options.leaseMs ?? LEASE_MS);
    if (!row) return counts;
    try {
      await options.transport.sendMail(messageOf(row, options.from));
      if (markSent(options.db, row, now())) counts.sent++;
    } catch (error) {
      const outcome = markFailed(options.db, row, describeFailure(error), now(), options.maxAttempts ?? MAX_ATTEMPTS);
      if (outcome === 'retry') counts.retrying++;
      else if (outcome === 'failed') counts.failed++;
    }
  }
}

export const POLL_MS = 15 * SECOND_MS;

/**
 * Runs deliverDue now, at every wake-up and every POLL_MS (a retry's time
 * coming, a lease running out), never two at once. Returns a stop function.
 */
export function startSender(options: SenderOptions, pollMs = POLL_MS): () => void {
  // A claim left by a process that was killed mid-send is this one's to finish now.
  releaseClaims(options.db);
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await deliverDue(options);
      } while (again);
    } catch (error) {
      console.error('mail: the sender stopped a round', error);
    } finally {
      running = false;
    }
  };
  setWakeUp(() => void run());
  const timer = setInterval(() => void run(), pollMs);
  timer.unref();
  void run();
  return () => {
    clearInterval(timer);
    setWakeUp(undefined);
  };
}

/** SMTP_URL and MAIL_FROM from the environment; null without SMTP_URL (the demo keeps its mail in the outbox). */
export function mailConfig(env: NodeJS.ProcessEnv = process.env): { smtpUrl: string; from: string } | null {
  const smtpUrl = env.SMTP_URL?.trim();
  if (!smtpUrl) return null;
  return { smtpUrl, from: env.MAIL_FROM?.trim() || 'Sweetspot <sweetspot@localhost>' };
}
