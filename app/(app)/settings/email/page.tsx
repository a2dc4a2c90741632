import type { Metadata } from 'next';
import { ResendButton } from '@/components/settings/outbox-list';
import { AccessDenied } from '@/components/ui/access-denied';
import { cardClass } from '@/components/ui/styles';
import { getFirm } from '@/lib/dal/firm';
import { listOutbox, mailServerConfigured, OUTBOX_SHOWN, type OutboxMessageDTO } from '@/lib/dal/mail';
import { requireMember } from '@/lib/dal/session';
import { can } from '@/lib/permissions';
import { instantLabel } from '@/lib/time/format';

export const metadata: Metadata = { title: 'Email' };

type Clock = (ms: number) => string;

const sizeLabel = (bytes: number) => (bytes < 1024 ? `${bytes} bytes` : `${Math.round(bytes / 1024)} KB`);

function statusOf(m: OutboxMessageDTO, configured: boolean, at: Clock): { label: string; tone: string } {
  switch (m.status) {
    case 'sent':
      return { label: `Sent ${at(m.sentAt ?? m.createdAt)}`, tone: 'text-green-800' };
    case 'failed':
      return { label: 'Failed', tone: 'text-red-800' };
    case 'sending':
      return { label: 'Sending', tone: 'text-slate-700' };
    case 'pending':
      if (!configured) return { label: 'Not sent: no mail server configured', tone: 'text-amber-800' };
      return m.attempts === 0
        ? { label: 'Waiting to be sent', tone: 'text-slate-700' }
        : { label: `Not sent yet: trying again ${at(m.nextAttemptAt)}`, tone: 'text-amber-800' };
  }
}

function Message({ m, configured, at }: { m: OutboxMessageDTO; configured: boolean; at: Clock }) {
  const status = statusOf(m, configured, at);
  return (
    <li className="p-4" data-testid="outbox-message">
      <p className="text-sm text-slate-600">
        {at(m.createdAt)} · to <span className="break-all">{m.to}</span>
      </p>
      <p className="font-medium break-words">{m.subject}</p>
      <p className={`text-sm font-medium ${status.tone}`}>{status.label}</p>
      {m.lastError ? (
        <p className="text-sm break-words text-slate-700">
          <span className="font-medium">{m.status === 'failed' ? 'Why: ' : 'Last attempt: '}</span>
          {m.lastError}
        </p>
      ) : null}
      {m.attachments.length ? (
        <ul className="mt-1 text-sm text-slate-700" aria-label={`Attached to ${m.subject}`}>
          {m.attachments.map((a) => (
            <li key={a.filename} data-testid="outbox-attachment">
              Attached: <span className="font-medium break-all">{a.filename}</span> ({a.contentType}, {sizeLabel(a.bytes)})
            </li>
          ))}
        </ul>
      ) : null}
      <details className="mt-2">
        <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium text-brand-700 underline">Show the message</summary>
        <pre className="mt-1 text-sm break-words whitespace-pre-wrap text-slate-800">{m.body}</pre>
      </details>
      {m.status === 'failed' ? <ResendButton messageId={m.id} subject={m.subject} /> : null}
    </li>
  );
}

export default async function EmailPage() {
  const member = await requireMember();
  if (!can(member.role, 'mail.manage')) return <AccessDenied permission="mail.manage" what="the firm’s email" />;
  const messages = listOutbox(member);
  const configured = mailServerConfigured();
  const { timeZone, hourClock } = getFirm(member);
  const at: Clock = (ms) => instantLabel(ms, timeZone, { hours: hourClock });
  return (
    <section>
      <h2 className="mb-1 text-lg font-semibold">Email</h2>
      <p className="mb-3 text-sm text-slate-600">
        Messages Sweetspot sends for your firm (the newest {OUTBOX_SHOWN}). Each is kept until it is delivered, and tried again with growing
        waits when the mail server cannot take it.
      </p>
      {configured ? null : (
        <p className="mb-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="note">
          No mail server is configured (SMTP_URL), so nothing leaves: the messages below are what would have been sent. They go out once a
          mail server is set up.
        </p>
      )}
      {messages.length === 0 ? (
        <p className="text-slate-600">No messages yet.</p>
      ) : (
        <ol className={`${cardClass} divide-y divide-slate-200`} aria-label="Messages">
          {messages.map((m) => (
            <Message key={m.id} m={m} configured={configured} at={at} />
          ))}
        </ol>
      )}
    </section>
  );
}
