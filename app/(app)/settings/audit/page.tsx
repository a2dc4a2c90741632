import type { Metadata } from 'next';
import { Link } from '@/components/ui/link';
import { AccessDenied } from '@/components/ui/access-denied';
import { listAudit } from '@/lib/dal/audit';
import { getFirm } from '@/lib/dal/firm';
import { requireMember } from '@/lib/dal/session';
import { instantLabel } from '@/lib/time/format';
import { can } from '@/lib/permissions';
import { cardClass } from '@/components/ui/styles';

export const metadata: Metadata = { title: 'Audit log' };

const actionLabels: Record<string, string> = {
  'firm.created': 'Created the firm',
  'firm.settings_updated': 'Changed firm settings',
  'team.member_added': 'Added a team member',
  'team.role_changed': 'Changed a role',
  'team.member_deactivated': 'Deactivated a team member',
  'team.member_reactivated': 'Reactivated a team member',
  'team.password_reset': 'Reset a password',
  'user.password_changed': 'Changed their password',
  'mail.resent': 'Sent a failed message again',
  'team.member_invited': 'Invited a team member by email',
  'user.invite_accepted': 'Accepted an invitation',
  'user.password_reset_requested': 'Asked for a password reset link',
  'user.password_reset_by_link': 'Reset their password from a link',
  'user.email_confirmed': 'Confirmed their email address',
};

function Changes({ before, after }: { before: unknown; after: unknown }) {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (keys.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-sm text-slate-700">
      {keys.map((k) => (
        <li key={k} className="break-words">
          <span className="font-medium">{k}</span>:{' '}
          {k in b ? <span className="text-red-800 line-through">{JSON.stringify(b[k])}</span> : null}{' '}
          {k in a ? <span className="text-green-800">{JSON.stringify(a[k])}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const member = await requireMember();
  if (!can(member.role, 'audit.read')) return <AccessDenied permission="audit.read" what="the audit log" />;
  const { before } = await searchParams;
  const beforeId = Number(before);
  const { entries, nextBeforeId } = listAudit(member, Number.isInteger(beforeId) && beforeId > 0 ? beforeId : undefined);
  const { timeZone, hourClock } = getFirm(member);
  return (
    <section>
      <h2 className="mb-3 text-lg font-semibold">Audit log</h2>
      {entries.length === 0 ? <p className="text-slate-600">Nothing recorded yet.</p> : null}
      <ol className={`${cardClass} divide-y divide-slate-200`} aria-label="Audit entries">
        {entries.map((e) => (
          <li key={e.id} className="p-4">
            <p className="text-sm text-slate-600">
              <time dateTime={new Date(e.at).toISOString()}>{instantLabel(e.at, timeZone, { hours: hourClock })}</time> ·{' '}
              {e.actorName ?? 'System'}
            </p>
            <p className="font-medium">
              {actionLabels[e.action] ?? e.action}
              {e.entityType === 'user' && e.entityId ? <span className="text-slate-500"> (user #{e.entityId})</span> : null}
            </p>
            <Changes before={e.before} after={e.after} />
          </li>
        ))}
      </ol>
      {nextBeforeId ? (
        <Link href={`/settings/audit?before=${nextBeforeId}`} className="mt-4 inline-block font-medium text-brand-700 underline">
          Older entries
        </Link>
      ) : null}
    </section>
  );
}
