import type { Metadata } from 'next';
import { ResetPasswordForm } from '@/components/auth/password-reset-forms';
import { LinkGone } from '@/components/auth/link-gone';
import { resetLinkUsable } from '@/lib/dal/password-reset';
import { TOKEN } from '@/lib/link-tokens';

export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const usable = TOKEN.test(token) && resetLinkUsable(token);
  if (!usable) {
    return (
      <LinkGone
        title="This link no longer works"
        why="A reset link works once, within an hour of asking, and only the newest one you asked for."
        next={{ href: '/forgot-password', label: 'Ask for a new link' }}
      />
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
