import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/auth/change-password-form';
import { requireMember } from '@/lib/dal/session';
import { can, roleDescriptions, roleLabels } from '@/lib/permissions';
import { LocationForm } from '@/components/settings/location-form';
import { shareLocationOf } from '@/lib/dal/field';

export const metadata: Metadata = { title: 'Your account' };

export default async function ProfilePage() {
  const member = await requireMember();
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section className="rounded-xl border border-slate-200 bg-white p-5">
        <h2 className="text-lg font-semibold">Your account</h2>
        <dl className="mt-3 space-y-2 text-sm">
          <div>
            <dt className="text-slate-600">Name</dt>
            <dd className="font-medium">{member.name}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Email</dt>
            <dd className="font-medium break-all">{member.email}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Role</dt>
            <dd className="font-medium">{roleLabels[member.role]}</dd>
            <dd className="text-slate-600">{roleDescriptions[member.role]}</dd>
          </div>
        </dl>
      </section>
      {can(member.role, 'schedule.own') ? (
        <section className="rounded-xl border border-slate-200 bg-white p-5">
          <h2 className="mb-3 text-lg font-semibold">Location at check-in</h2>
          <LocationForm on={shareLocationOf(member)} />
        </section>
      ) : null}
      <section className="rounded-xl border border-slate-200 bg-white p-5">
        <h2 className="mb-3 text-lg font-semibold">Change password</h2>
        <ChangePasswordForm />
      </section>
    </div>
  );
}
