import type { Metadata } from 'next';
import { AcceptInviteForm } from '@/components/auth/password-reset-forms';
import { LinkGone } from '@/components/auth/link-gone';
import { Link } from '@/components/ui/link';
import { openInvitation } from '@/lib/dal/invitations';
import { usableInvite } from '@/lib/dal/invites';
import { TOKEN } from '@/lib/link-tokens';

export const metadata: Metadata = { title: 'Join your firm', referrer: 'no-referrer' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const valid = TOKEN.test(token);
  const invitation = valid ? openInvitation(token) : undefined;
  // A link made before invitations had rows: the account exists, the link sets its password.
  const legacy = valid && !invitation ? usableInvite(token) : undefined;
  if (!invitation && !legacy) {
    return (
      <LinkGone
        title="This invitation no longer works"
        why="An invitation works once, for 72 hours, until the owner sends a new one or revokes it. Ask the owner who invited you to send it again."
        next={{ href: '/login', label: 'Sign in' }}
      />
    );
  }
  if (invitation?.hasAccount) {
    return (
      <>
        <h1 className="mb-2 text-xl font-semibold">This address already has an account</h1>
        <p className="text-slate-700" role="alert">
          {invitation.email} already has a Sweetspot account, so no new one is made: one address belongs to one firm. To join{' '}
          {invitation.firmName}, ask them to invite another address of yours.
        </p>
        <p className="mt-4">
          <Link href="/login" className="font-medium text-brand-700 underline">
            Sign in to your account
          </Link>
        </p>
      </>
    );
  }
  const joining = invitation ?? legacy!;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Join {joining.firmName}</h1>
      <p className="mb-4 text-sm text-slate-600">
        {invitation
          ? `Welcome. Check your name and choose your password (at least 8 characters) for ${invitation.email}; you are signed in straight after.`
          : `Welcome, ${joining.name}. Choose your password (at least 8 characters); you are signed in straight after.`}
      </p>
      <AcceptInviteForm token={token} name={invitation?.name} />
    </>
  );
}
