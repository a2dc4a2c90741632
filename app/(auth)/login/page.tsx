import type { Metadata } from 'next';
import { Link } from '@/components/ui/link';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { ForgetOfflineCopy } from '@/components/offline/forget-offline-copy';
import { getMember } from '@/lib/dal/session';
import { safeNext } from '@/lib/safe-next';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; reset?: string }> }) {
  if (await getMember({ allowPendingPasswordChange: true, allowPendingTwoFactor: true })) redirect('/dashboard');
  const { next, reset } = await searchParams;
  return (
    <>
      <ForgetOfflineCopy />
      <h1 className="mb-4 text-xl font-semibold">Sign in</h1>
      {reset === 'done' ? (
        <p className="mb-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm font-medium text-green-800" role="status">
          Your password was changed, and every other device signed out. Sign in with the new one.
        </p>
      ) : null}
      <LoginForm next={safeNext(next, '') || undefined} />
      <p className="mt-4 text-sm">
        <Link href="/forgot-password" className="font-medium text-brand-700 underline">
          Forgot your password?
        </Link>
      </p>
      <p className="mt-6 text-sm text-slate-600">
        New practice?{' '}
        <Link href="/signup" className="font-medium text-brand-700 underline">
          Create a firm
        </Link>
      </p>
    </>
  );
}
