import type { Metadata } from 'next';
import { InvitationList } from '@/components/settings/invitation-list';
import { AddMemberForm, MemberActions } from '@/components/settings/team-forms';
import { getFirm } from '@/lib/dal/firm';
import { listInvitations } from '@/lib/dal/invitations';
import { instantLabel } from '@/lib/time/format';
import { requireMember } from '@/lib/dal/session';
import { listTeam } from '@/lib/dal/team';
import { can, roleDescriptions, roleLabels } from '@/lib/permissions';
import { cardClass } from '@/components/ui/styles';

export const metadata: Metadata = { title: 'Team' };

export default async function TeamPage() {
  const member = await requireMember();
  const team = listTeam(member);
  const manage = can(member.role, 'team.manage');
  const { timeZone, hourClock } = getFirm(member);
  const at = (ms: number) => instantLabel(ms, timeZone, { hours: hourClock });
  const invitations = manage
    ? listInvitations(member).map((i) => ({ ...i, role: roleLabels[i.role], sent: at(i.sentAt), expires: at(i.expiresAt) }))
    : [];
  return (
    <div className="space-y-6">
      {manage ? (
        <section className={`${cardClass} p-5`}>
          <h2 className="mb-3 text-lg font-semibold">Add a team member</h2>
          <AddMemberForm />
        </section>
      ) : null}
      <InvitationList invitations={invitations} />
      <section>
        <h2 className="mb-3 text-lg font-semibold">Team ({team.length})</h2>
        <ul className={`${cardClass} divide-y divide-slate-200`} aria-label="Team members">
          {team.map((u) => (
            <li
              key={u.id}
              className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between"
              data-testid={`member-${u.email}`}
            >
              <div className="min-w-0">
                <p className="font-medium">
                  {u.name}
                  {u.id === member.userId ? <span className="text-slate-500"> (you)</span> : null}
                </p>
                <p className="break-all text-sm text-slate-600">{u.email}</p>
                <p className="mt-1 flex flex-wrap gap-2 text-xs">
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-800" title={roleDescriptions[u.role]}>
                    {roleLabels[u.role]}
                  </span>
                  {u.active ? null : <span className="rounded-full bg-red-100 px-2 py-0.5 font-medium text-red-800">Deactivated</span>}
                  {u.active && u.mustChangePassword ? (
                    <span className="rounded-full bg-amber-100 px-2 py-0.5 font-medium text-amber-900">Temporary password</span>
                  ) : null}
                  {u.active && u.twoFactor ? (
                    <span className="rounded-full bg-green-100 px-2 py-0.5 font-medium text-green-800">Two-factor on</span>
                  ) : null}
                </p>
              </div>
              {manage && u.id !== member.userId ? (
                <MemberActions user={{ id: u.id, name: u.name, role: u.role, active: u.active, twoFactor: u.twoFactor === true }} />
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
