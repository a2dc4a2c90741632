import type { Metadata } from 'next';
import { Link } from '@/components/ui/link';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { ForgetOfflineCopy } from '@/components/offline/forget-offline-copy';
import { getMember } from '@/lib/dal/session';
import { safeNext } from '@/lib/safe-next';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await getMember({ allowPendingPasswordChange: true })) redirect('/dashboard');
  const { next } = await searchParams;
  return (
    <>
      <ForgetOfflineCopy />
      <h1 className="mb-4 text-xl font-semibold">Sign in</h1>
      <LoginForm next={safeNext(next, '') || undefined} />
      <p className="mt-6 text-sm text-slate-600">
        New practice?{' '}
        <Link href="/signup" className="font-medium text-brand-700 underline">
          Create a firm
        </Link>
      </p>
    </>
  );
}
