'use client';

import { useActionState } from 'react';
import { resendInvitationAction, revokeInvitationAction } from '@/app/(app)/settings/team/actions';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { CopyButton } from '@/components/ui/copy-button';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { cardClass, inputClass } from '@/components/ui/styles';
import { idle } from '@/lib/action-state';

/** An invitation as the page hands it over: its times already written in the firm's clock. */
export type InvitationRow = {
  id: number;
  email: string;
  name: string;
  /** The role's label, as the team list writes it. */
  role: string;
  sent: string;
  expires: string;
  expired: boolean;
  link: string | null;
};

function Invitation({ invitation: i }: { invitation: InvitationRow }) {
  const [resendState, resend] = useActionState(resendInvitationAction, idle);
  const [revokeState, revoke] = useActionState(revokeInvitationAction, idle);
  const linkId = `invitation-link-${i.id}`;
  return (
    <li className="space-y-2 p-4" data-testid={`invitation-${i.email}`}>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <p className="font-medium break-all">{i.email}</p>
          <p className="text-sm text-slate-600">
            {i.name} · {i.role} · sent {i.sent}
          </p>
          <p className="mt-1 text-xs">
            {i.expired ? (
              <span className="rounded-full bg-red-100 px-2 py-0.5 font-medium text-red-800">Expired {i.expires}</span>
            ) : (
              <span className="rounded-full bg-amber-100 px-2 py-0.5 font-medium text-amber-900">Waiting · expires {i.expires}</span>
            )}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <form action={resend}>
            <input type="hidden" name="invitationId" value={i.id} />
            <SubmitButton variant="secondary" pendingText="Sending…">
              Send again<span className="sr-only"> to {i.email}</span>
            </SubmitButton>
          </form>
          <ConfirmAction
            action={revoke}
            state={revokeState}
            trigger={
              <>
                Revoke<span className="sr-only"> the invitation to {i.email}</span>
              </>
            }
            title={`Revoke the invitation to ${i.email}?`}
            question="Its link stops working at once. You can invite the address again later."
            confirm="Revoke"
            pendingText="Revoking…"
            hidden={{ invitationId: i.id }}
          />
        </div>
      </div>
      {i.link ? (
        <div className="space-y-1">
          <label htmlFor={linkId} className="block text-sm font-medium">
            Invitation link for {i.email} (no mail server: pass it on yourself)
          </label>
          <input
            id={linkId}
            readOnly
            value={i.link}
            className={`${inputClass} font-mono text-sm`}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="invitation-link"
          />
          <CopyButton text={i.link} fieldId={linkId} label="Copy link" />
        </div>
      ) : null}
      <FormMessage state={resendState} />
    </li>
  );
}

export function InvitationList({ invitations }: { invitations: InvitationRow[] }) {
  if (invitations.length === 0) return null;
  return (
    <section>
      <h2 className="mb-3 text-lg font-semibold">Invitations ({invitations.length})</h2>
      <ul className={`${cardClass} divide-y divide-slate-200`} aria-label="Invitations">
        {invitations.map((i) => (
          <Invitation key={i.id} invitation={i} />
        ))}
      </ul>
    </section>
  );
}
