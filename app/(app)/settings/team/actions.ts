'use server';

import { revalidatePath } from 'next/cache';
import { resetMemberTwoFactor } from '@/lib/dal/two-factor';
import { withMember } from '@/lib/actions';
import { inviteMember, resendInvitation, revokeInvitation } from '@/lib/dal/invitations';
import { mailServerConfigured } from '@/lib/dal/mail';
import { changeTeamMemberRole, resetTeamMemberPassword, setTeamMemberActive } from '@/lib/dal/team';
import { addMemberSchema, changeRoleSchema, invitationIdSchema, memberIdSchema } from '@/lib/validations/team';

/** Adding a member is an invitation; the answer is the same whether or not the address has an account anywhere. */
export const addTeamMemberAction = withMember('team.manage', addMemberSchema, (member, input) => {
  const invitation = inviteMember(member, input);
  revalidatePath('/settings/team');
  return {
    status: 'ok',
    message: mailServerConfigured()
      ? `We emailed an invitation to ${invitation.email}. Its link works once, for 72 hours; ${invitation.name} appears in the team once they accept.`
      : `The invitation to ${invitation.email} waits: no mail server is configured. Copy its link from the list below and pass it on; it works once, for 72 hours.`,
  };
});

export const resendInvitationAction = withMember('team.manage', invitationIdSchema, (member, input) => {
  const { email } = resendInvitation(member, input.invitationId);
  revalidatePath('/settings/team');
  return { status: 'ok', message: `A new invitation went to ${email}; the earlier link no longer works.` };
});

export const revokeInvitationAction = withMember('team.manage', invitationIdSchema, (member, input) => {
  const { email } = revokeInvitation(member, input.invitationId);
  revalidatePath('/settings/team');
  return { status: 'ok', message: `The invitation to ${email} was revoked; its link no longer works.` };
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
