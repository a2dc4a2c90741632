import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/auth/change-password-form';
import { requireMember } from '@/lib/dal/session';

export const metadata: Metadata = { title: 'Choose a new password' };

export default async function ChangePasswordPage() {
  const member = await requireMember({ allowPendingPasswordChange: true });
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Choose a new password</h1>
      <p className="mb-4 text-sm text-slate-600">
        {member.mustChangePassword
          ? `Welcome, ${member.name}. You signed in with a temporary password; choose your own to continue.`
          : 'Changing it signs you out everywhere else.'}
      </p>
      <ChangePasswordForm />
    </>
  );
}
