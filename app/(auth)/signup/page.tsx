import type { Metadata } from 'next';
import { Link } from '@/components/ui/link';
import { redirect } from 'next/navigation';
import { SignupForm } from '@/components/auth/signup-form';
import { getMember } from '@/lib/dal/session';
import { timeZones } from '@/lib/validations/common';

export const metadata: Metadata = { title: 'Create your firm' };

export default async function SignupPage() {
  if (await getMember({ allowPendingPasswordChange: true })) redirect('/dashboard');
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Create your firm</h1>
      <p className="mb-4 text-sm text-slate-600">You will be its owner; add consultants and office staff later.</p>
      <SignupForm timeZones={timeZones} />
      <p className="mt-6 text-sm text-slate-600">
        Already have an account?{' '}
        <Link href="/login" className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
