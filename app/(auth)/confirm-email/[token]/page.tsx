import type { Metadata } from 'next';
import { ConfirmEmailForm } from '@/components/auth/confirm-email-forms';
import { LinkGone } from '@/components/auth/link-gone';
import { confirmLinkUsable } from '@/lib/dal/email-confirmation';
import { TOKEN } from '@/lib/link-tokens';

export const metadata: Metadata = { title: 'Confirm your email address', referrer: 'no-referrer' };

export default async function ConfirmEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(TOKEN.test(token) && confirmLinkUsable(token))) {
    return (
      <LinkGone
        title="This link no longer works"
        why="A confirmation link works once, for 7 days, and only the newest one sent. Sign in and use “Send the link again” for a new one."
        next={{ href: '/login', label: 'Sign in' }}
      />
    );
  }
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Confirm your email address</h1>
      <p className="mb-4 text-sm text-slate-600">One click, and your firm can add team members and send mail.</p>
      <ConfirmEmailForm token={token} />
    </>
  );
}
