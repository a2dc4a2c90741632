import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ForgotPasswordForm } from '@/components/auth/password-reset-forms';
import { Link } from '@/components/ui/link';
import { getMember } from '@/lib/dal/session';

export const metadata: Metadata = { title: 'Forgot password' };

export default async function ForgotPasswordPage() {
  if (await getMember({ allowPendingPasswordChange: true })) redirect('/dashboard');
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Forgot your password?</h1>
      <p className="mb-4 text-sm text-slate-600">Enter the email you sign in with. We send a link to choose a new password.</p>
      <ForgotPasswordForm />
      <p className="mt-6 text-sm text-slate-600">
        Remembered it?{' '}
        <Link href="/login" className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
