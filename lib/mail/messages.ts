/**
 * The words of every message Sweetspot sends: plain text (the HTML part is
 * made from it when sending), the firm's name, links to this instance, and
 * the reason it was sent (the footer, lib/mail/outbox.ts).
 */
import type { NewMail } from './outbox';

type Addressed = { firmId: number; firmName: string; name: string; to: string };

/**
 * Where links in mail point: APP_URL, else this server on localhost. Never
 * the request's Host header: anyone asking for a reset link could otherwise
 * send the victim a link to their own host, carrying the victim's token.
 */
export function mailOrigin(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.APP_URL?.trim() || env.AUTH_URL?.trim();
  if (configured) return configured.replace(/\/$/, '');
  return `http://localhost:${env.PORT ?? 3000}`;
}

export function passwordResetMail(who: Addressed, link: string): NewMail {
  return {
    firmId: who.firmId,
    kind: 'password-reset',
    to: who.to,
    subject: 'Reset your Sweetspot password',
    text: [
      `Hello ${who.name},`,
      `Someone (we hope you) asked to reset the password of your ${who.firmName} account on Sweetspot. Open this link within an hour to choose a new one; it works once:`,
      link,
      'Choosing a new password signs you out on every other device. If you did not ask for this, ignore this message: your password stays as it is.',
    ].join('\n\n'),
    reason: `You get this because a password reset was asked for ${who.to} on the sign-in page.`,
  };
}

export function confirmEmailMail(who: Addressed, link: string): NewMail {
  return {
    firmId: who.firmId,
    kind: 'confirm-email',
    to: who.to,
    subject: 'Confirm your email address for Sweetspot',
    text: [
      `Hello ${who.name},`,
      `Welcome to Sweetspot. Please confirm that ${who.to} is yours, so ${who.firmName} can add team members and send mail. Open this link within 7 days; it works once:`,
      link,
      'If you did not create this firm, ignore this message: the address stays unconfirmed.',
    ].join('\n\n'),
    reason: `You get this because a firm called "${who.firmName}" was created on Sweetspot with ${who.to}.`,
  };
}

export function signupAttemptMail(who: Addressed, origin: string): NewMail {
  return {
    firmId: who.firmId,
    kind: 'signup-attempt',
    to: who.to,
    subject: 'Someone tried to sign up with your address',
    text: [
      `Hello ${who.name},`,
      `Someone tried to create a new firm on Sweetspot with ${who.to}. You already have an account (${who.firmName}), so nothing was created.`,
      `If it was you: sign in at ${origin}/login, or choose a new password at ${origin}/forgot-password.`,
      'If it was not you, there is nothing to do: your account is unchanged.',
    ].join('\n\n'),
    reason: `You get this because a sign-up was tried with ${who.to}, the address of your account.`,
  };
}

/** Both invitation messages share kind and subject: Settings → Email shows an owner only those (lib/dal/mail.ts), never the words. */
const inviteSubject = (inviterName: string, firmName: string) => `${inviterName} invited you to ${firmName} on Sweetspot`;

export function inviteMail(who: Addressed, inviterName: string, link: string): NewMail {
  return {
    firmId: who.firmId,
    kind: 'invite',
    to: who.to,
    subject: inviteSubject(inviterName, who.firmName),
    text: [
      `Hello ${who.name},`,
      `${inviterName} invited you to join ${who.firmName} on Sweetspot, where the firm keeps its clients, schedule and timesheets. Open this link within 72 hours to choose your password; it works once:`,
      link,
      'If you were not expecting this, ignore this message: no account is made without the link.',
    ].join('\n\n'),
    reason: `You get this because ${inviterName}, an owner of ${who.firmName}, invited ${who.to}.`,
  };
}

/**
 * The invitation to an address that already has an account (in any firm): it
 * says so to the address's owner, and carries no link, because one address
 * belongs to one firm. The inviter is answered exactly as for any address.
 */
export function inviteExistingAccountMail(who: Addressed, inviterName: string, origin: string): NewMail {
  return {
    firmId: who.firmId,
    kind: 'invite',
    to: who.to,
    subject: inviteSubject(inviterName, who.firmName),
    text: [
      `Hello ${who.name},`,
      `${inviterName} invited you to join ${who.firmName} on Sweetspot, but ${who.to} already has a Sweetspot account. One address belongs to one firm, so nothing was created.`,
      `If you want to join ${who.firmName}, reply to ${inviterName} with another address to invite. Your account is unchanged; you sign in to it at ${origin}/login.`,
    ].join('\n\n'),
    reason: `You get this because ${inviterName}, an owner of ${who.firmName}, invited ${who.to}.`,
  };
}

export type MarketingAlertFacts = {
  firmId: number;
  firmName: string;
  /** Whose week it is. */
  person: string;
  week: string;
  level: 80 | 95;
  bookedPercent: number;
  /** Marketing still to do this week, e.g. "11 h". */
  owed: string;
};

/**
 * The alert of issue 22's budget: a person's week is 80 % (or 95 %) booked while marketing is still owed.
 * To the person (`self`) and to each owner, with a link to the dashboard's budget.
 */
export function marketingAlertMail(who: Addressed, a: MarketingAlertFacts, self: boolean, origin: string): NewMail {
  const whose = self ? 'your' : `${a.person}’s`;
  return {
    firmId: who.firmId,
    kind: 'marketing-alert',
    to: who.to,
    subject: `${a.bookedPercent} % of ${self ? 'your' : `${a.person}’s`} week is booked — ${a.owed} of marketing still owed`,
    text: [
      `Hello ${who.name},`,
      `${a.bookedPercent} % of ${whose} free time in the week of ${a.week} is booked, and ${a.owed} of marketing ${self ? 'you owe' : 'owed'} this week are still to do.`,
      self
        ? 'Keep time for it before more visits are booked: the schedule keeps what is owed, but only while the week can still hold it.'
        : 'Visits booked past what the week can hold need an override with a reason.',
      `The budget, week by week: ${origin}/dashboard`,
    ].join('\n\n'),
    reason: self
      ? `You get this because ${a.level} % of your week's free time at ${a.firmName} is booked while marketing hours are owed (once at 80 % and once at 95 %, each week).`
      : `You get this as an owner of ${a.firmName}, when someone's week is ${a.level} % booked while marketing hours are owed.`,
  };
}
