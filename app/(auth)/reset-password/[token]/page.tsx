import type { Metadata } from 'next';
import { ResetPasswordForm } from '@/components/auth/password-reset-forms';
import { Link } from '@/components/ui/link';
import { resetLinkUsable } from '@/lib/dal/password-reset';
import { TOKEN } from '@/lib/link-tokens';

export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const usable = TOKEN.test(token) && resetLinkUsable(token);
  if (!usable) {
    return (
      <>
        <h1 className="mb-2 text-xl font-semibold">This link no longer works</h1>
        <p className="text-slate-700" role="alert">
          A reset link works once, within an hour of asking, and only the newest one you asked for.
        </p>
        <p className="mt-4">
          <Link href="/forgot-password" className="font-medium text-brand-700 underline">
            Ask for a new link
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Choose a new password</h1>
      <p className="mb-4 text-sm text-slate-600">At least 8 characters. You will be signed out on every other device.</p>
      <ResetPasswordForm token={token} />
    </>
  );
}
