import type { Metadata } from 'next';
import { AcceptInviteForm } from '@/components/auth/password-reset-forms';
import { LinkGone } from '@/components/auth/link-gone';
import { usableInvite } from '@/lib/dal/invites';
import { TOKEN } from '@/lib/link-tokens';

export const metadata: Metadata = { title: 'Join your firm', referrer: 'no-referrer' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = TOKEN.test(token) ? usableInvite(token) : undefined;
  if (!invite) {
    return (
      <LinkGone
        title="This invitation no longer works"
        why="An invitation works once, for 72 hours. Ask the owner who invited you to send a new one, or to give you a temporary password."
        next={{ href: '/login', label: 'Sign in' }}
      />
    );
  }
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Join {invite.firmName}</h1>
      <p className="mb-4 text-sm text-slate-600">
        Welcome, {invite.name}. Choose your password (at least 8 characters); you are signed in straight after.
      </p>
      <AcceptInviteForm token={token} />
    </>
  );
}
