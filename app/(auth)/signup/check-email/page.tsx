import type { Metadata } from 'next';
import { Link } from '@/components/ui/link';

export const metadata: Metadata = { title: 'Check your email' };

/** Shown after every sign-up that passed the form, whether a firm was made or the address already had an account. */
export default function CheckEmailPage() {
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">Check your email</h1>
      <p className="text-slate-700" role="status">
        We sent a message to the address you gave. If your firm was created, it holds a link that confirms the address is yours; if the
        address already had an account, it tells you how to get back in.
      </p>
      <p className="mt-3 text-slate-700">
        You can sign in now. Until the address is confirmed, your firm cannot add team members or send mail.
      </p>
      <p className="mt-6">
        <Link href="/login" className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
