'use server';

import { revalidatePath } from 'next/cache';
import { resetMemberTwoFactor } from '@/lib/dal/two-factor';
import { withMember } from '@/lib/actions';
import { inviteTeamMember } from '@/lib/dal/invites';
import { mailServerConfigured } from '@/lib/dal/mail';
import { addTeamMember, changeTeamMemberRole, resetTeamMemberPassword, setTeamMemberActive } from '@/lib/dal/team';
import { addMemberSchema, changeRoleSchema, memberIdSchema } from '@/lib/validations/team';

export const addTeamMemberAction = withMember('team.manage', addMemberSchema, async (member, { delivery, ...input }) => {
  if (delivery === 'invite') {
    const user = await inviteTeamMember(member, input);
    revalidatePath('/settings/team');
    return {
      status: 'ok',
      message: mailServerConfigured()
        ? `${user.name} was invited: we emailed ${user.email} a link to choose their password (it works once, for 72 hours).`
        : `${user.name} was added, but no mail server is configured, so the invitation waits in Settings → Email. Use “Reset password” to give them a temporary password instead.`,
    };
  }
  const { user, temporaryPassword } = await addTeamMember(member, input);
  revalidatePath('/settings/team');
  return {
    status: 'ok',
    message: `${user.name} was added. Give them the temporary password below; they choose their own at first sign-in.`,
    data: { email: user.email, temporaryPassword },
  };
});

export const changeRoleAction = withMember('team.manage', changeRoleSchema, (member, input) => {
  const user = changeTeamMemberRole(member, input.userId, input.role);
  revalidatePath('/settings/team');
  return {
    status: 'ok',
    message: `${user.name} is now ${input.role === 'staff' ? 'office staff' : `a${input.role === 'owner' ? 'n' : ''} ${input.role}`}.`,
  };
});

export const deactivateMemberAction = withMember('team.manage', memberIdSchema, (member, input) => {
  const user = setTeamMemberActive(member, input.userId, false);
  revalidatePath('/settings/team');
  return {
    status: 'ok',
    message: `${user.name} was deactivated and signed out everywhere; their calendar feed addresses stopped working.`,
  };
});

export const reactivateMemberAction = withMember('team.manage', memberIdSchema, (member, input) => {
  const user = setTeamMemberActive(member, input.userId, true);
  revalidatePath('/settings/team');
  return { status: 'ok', message: `${user.name} can sign in again.` };
});

export const resetPasswordAction = withMember('team.manage', memberIdSchema, async (member, input) => {
  const { user, temporaryPassword } = await resetTeamMemberPassword(member, input.userId);
  revalidatePath('/settings/team');
  return {
    status: 'ok',
    message: `${user.name} has a new temporary password and was signed out everywhere; their calendar feed addresses stopped working.`,
    data: { email: user.email, temporaryPassword },
  };
});

/** A member who lost their phone and recovery codes: the owner turns their two-factor sign-in off (they set it up again). */
export const resetTwoFactorAction = withMember('team.manage', memberIdSchema, (member, input) => {
  const { name } = resetMemberTwoFactor(member, input.userId);
  revalidatePath('/settings/team');
  return { status: 'ok', message: `${name}’s two-factor sign-in is off and they were signed out everywhere; they can set it up again.` };
});
