'use client';

import { useActionState } from 'react';
import {
  addTeamMemberAction,
  changeRoleAction,
  deactivateMemberAction,
  reactivateMemberAction,
  resetPasswordAction,
  resetTwoFactorAction,
} from '@/app/(app)/settings/team/actions';
import { Field, FormMessage, SelectField, SubmitButton } from '@/components/ui/form';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { inputClass } from '@/components/ui/styles';
import { idle, type ActionState } from '@/lib/action-state';
import type { Role } from '@/lib/permissions';

function TemporaryPassword({ state }: { state: ActionState }) {
  if (state.status !== 'ok' || !state.data?.temporaryPassword) return null;
  return (
    <div className="rounded-md border border-brand-100 bg-brand-50 p-3 text-sm">
      <p>
        Temporary password for <strong className="break-all">{state.data.email}</strong> (shown once):
      </p>
      <p className="mt-1 select-all font-mono text-lg" data-testid="temporary-password">
        {state.data.temporaryPassword}
      </p>
    </div>
  );
}

export function AddMemberForm() {
  const [state, action] = useActionState(addTeamMemberAction, idle);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="name" label="Name" autoComplete="off" state={state} required />
        <Field name="email" label="Email" type="email" autoComplete="off" state={state} required />
        <SelectField
          name="role"
          label="Role"
          defaultValue="consultant"
          state={state}
          options={[
            { value: 'consultant', label: 'Consultant' },
            { value: 'staff', label: 'Office staff' },
          ]}
        />
      </div>
      <p className="text-sm text-slate-600">
        They get an email with a link to choose their own password (it works once, for 72 hours). Until they accept, the invitation waits in
        the list below.
      </p>
      <SubmitButton pendingText="Inviting…">Add member</SubmitButton>
    </form>
  );
}

type MemberSummary = { id: number; name: string; role: Role; active: boolean; twoFactor: boolean };

export function MemberActions({ user }: { user: MemberSummary }) {
  const [roleState, roleAction] = useActionState(changeRoleAction, idle);
  const [activeState, activeAction] = useActionState(user.active ? deactivateMemberAction : reactivateMemberAction, idle);
  const [resetState, resetAction] = useActionState(resetPasswordAction, idle);
  const roleId = `role-${user.id}`;
  return (
    <div className="flex flex-col gap-2 sm:items-end">
      <div className="flex flex-wrap items-end gap-2">
        <form action={roleAction} className="flex items-end gap-2">
          <input type="hidden" name="userId" value={user.id} />
          <div>
            <label htmlFor={roleId} className="block text-xs font-medium text-slate-700">
              Role of {user.name}
            </label>
            <select id={roleId} name="role" defaultValue={user.role} key={user.role} className={`${inputClass} min-h-11 py-1`}>
              <option value="owner">Owner</option>
              <option value="consultant">Consultant</option>
              <option value="staff">Office staff</option>
            </select>
          </div>
          <SubmitButton pendingText="…" className="bg-slate-700 hover:bg-slate-800">
            Change role
          </SubmitButton>
        </form>
        {user.active ? (
          <ConfirmAction
            action={activeAction}
            state={activeState}
            trigger={
              <>
                Deactivate<span className="sr-only"> {user.name}</span>
              </>
            }
            title={`Deactivate ${user.name}?`}
            question={`${user.name} is signed out everywhere at once and can no longer sign in. Their history stays, and Reactivate undoes this.`}
            confirm="Deactivate"
            pendingText="Deactivating…"
            hidden={{ userId: user.id }}
          />
        ) : (
          <form action={activeAction}>
            <input type="hidden" name="userId" value={user.id} />
            <SubmitButton pendingText="…">
              Reactivate<span className="sr-only"> {user.name}</span>
            </SubmitButton>
          </form>
        )}
        {user.active ? (
          // Asked first: it signs them out everywhere and stops their calendar feed addresses, which no undo brings back.
          <ConfirmAction
            action={resetAction}
            state={resetState}
            trigger={
              <>
                Reset password<span className="sr-only"> of {user.name}</span>
              </>
            }
            triggerVariant="secondary"
            title={`Reset ${user.name}’s password?`}
            question={`${user.name} gets a temporary password, shown here once, and is signed out everywhere at once. Their calendar feed addresses stop working; they make new ones after choosing a password.`}
            confirm="Reset password"
            confirmVariant="primary"
            pendingText="Resetting…"
            hidden={{ userId: user.id }}
            okMessage={false}
          />
        ) : null}
        {user.active ? <ResetTwoFactor user={user} /> : null}
      </div>
      <FormMessage state={roleState} />
      {user.active ? null : <FormMessage state={activeState} />}
      <FormMessage state={resetState} />
      <TemporaryPassword state={resetState} />
    </div>
  );
}

/**
 * For a lost phone: the owner turns a member's two-factor sign-in off. Stays mounted after it succeeds (the
 * button goes, since it is off now) so its message is seen.
 */
function ResetTwoFactor({ user }: { user: MemberSummary }) {
  const [state, action] = useActionState(resetTwoFactorAction, idle);
  return (
    <div>
      {user.twoFactor ? (
        <ConfirmAction
          action={action}
          state={state}
          trigger={
            <>
              Reset two-factor<span className="sr-only"> of {user.name}</span>
            </>
          }
          triggerVariant="secondary"
          title={`Turn off ${user.name}’s two-factor sign-in?`}
          question={`For a lost phone: ${user.name}’s authenticator and recovery codes stop working and they are signed out everywhere. They sign in with their password and set two-factor up again.`}
          confirm="Turn it off"
          confirmVariant="primary"
          pendingText="Turning off…"
          hidden={{ userId: user.id }}
          okMessage={false}
        />
      ) : null}
      <FormMessage state={state} />
    </div>
  );
}
