import type { Metadata } from 'next';
import { Link } from '@/components/ui/link';
import { AccessDenied } from '@/components/ui/access-denied';
import { auditActionLabel, auditFieldLabel, auditValue } from '@/lib/audit-labels';
import { listAudit } from '@/lib/dal/audit';
import { getFirm } from '@/lib/dal/firm';
import { requireMember } from '@/lib/dal/session';
import { instantLabel } from '@/lib/time/format';
import { can } from '@/lib/permissions';
import { cardClass } from '@/components/ui/styles';

export const metadata: Metadata = { title: 'Audit log' };

function Changes({ before, after }: { before: unknown; after: unknown }) {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (keys.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-sm text-slate-700">
      {keys.map((k) => (
        <li key={k} className="break-words">
          <span className="font-medium">{auditFieldLabel(k)}</span>:{' '}
          {k in b ? (
            <>
              <del className="text-red-800">{auditValue(b[k], { key: k })}</del>
              {k in a ? ' → ' : null}
            </>
          ) : null}
          {k in a ? <span className="text-green-800">{auditValue(a[k], { key: k })}</span> : null}
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
              {auditActionLabel(e.action)}
              {e.subjectName ? <span className="text-slate-500"> — {e.subjectName}</span> : null}
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
