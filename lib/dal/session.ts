import 'server-only';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { liveSession } from '@/lib/session-cookie';
import type { Role } from '@/lib/permissions';

/** Who is calling: resolved from the database on every request, never trusted from the cookie alone. */
export type Member = {
  userId: number;
  firmId: number;
  role: Role;
  name: string;
  email: string;
  mustChangePassword: boolean;
  /** The firm requires two-factor sign-in and this person has not set it up. */
  mustSetUpTwoFactor: boolean;
  sessionId: string;
};

/**
 * The opt-outs from the set-up gates: the change-password page and its action
 * (allowPendingPasswordChange), the two-factor set-up page and its actions
 * (allowPendingTwoFactor).
 */
export type GateOptions = { allowPendingPasswordChange?: boolean; allowPendingTwoFactor?: boolean };

/**
 * What a member must do before anything else, one step at a time: a
 * temporary password is replaced first, then a second factor the firm
 * requires is set up. Null when nothing is pending or the caller opted out of
 * the pending step.
 */
export function pendingStep(member: Member, options: GateOptions = {}): 'password' | 'two-factor' | null {
  if (member.mustChangePassword) return options.allowPendingPasswordChange ? null : 'password';
  if (member.mustSetUpTwoFactor) return options.allowPendingTwoFactor ? null : 'two-factor';
  return null;
}

const STEP_PAGES = { password: '/change-password', 'two-factor': '/two-factor-setup' } as const;
const STEP_MESSAGES = {
  password: 'Choose a new password before doing anything else.',
  'two-factor': 'Set up two-factor sign-in before doing anything else.',
} as const;

/** The signed-in caller whatever their pending steps, once per request. */
const sessionMember = cache(async (): Promise<Member | null> => {
  // The cookie decrypted and its row read once per request (lib/auth.ts).
  const live = await liveSession();
  return live ? { ...live.row, sessionId: live.sid } : null;
});

/**
 * The caller, or null when signed out. A member still on a temporary password,
 * or without the second factor their firm requires, counts as nobody here
 * unless the caller opts out: layouts do not guard client-side navigations,
 * route handlers or a page rendered beside a layout that redirects, so the
 * gate is this function, requireMember() and withMember().
 */
export async function getMember(options: GateOptions = {}): Promise<Member | null> {
  const member = await sessionMember();
  if (!member) return null;
  return pendingStep(member, options) ? null : member;
}

/**
 * For pages: a signed-out visitor goes to the login page, and a member with a
 * pending step goes to the page where they take it (only that page opts out).
 */
export async function requireMember(options: GateOptions = {}): Promise<Member> {
  const member = await sessionMember();
  if (!member) redirect('/login');
  const step = pendingStep(member, options);
  if (step) redirect(STEP_PAGES[step]);
  return member;
}

/** Why an action refuses a signed-in caller with a pending step, or null when it need not. */
export function pendingStepMessage(member: Member, options: GateOptions = {}): string | null {
  const step = pendingStep(member, options);
  return step ? STEP_MESSAGES[step] : null;
}

/**
 * For route handlers, which no layout guards: the member who may read data,
 * or why not — 401 signed out, 403 with a step pending.
 */
export async function memberForRoute(): Promise<{ ok: true; member: Member } | { ok: false; status: 401 | 403; message: string }> {
  const member = await sessionMember();
  if (!member) return { ok: false, status: 401, message: 'Sign in first.' };
  const step = pendingStep(member);
  if (step)
    return { ok: false, status: 403, message: step === 'password' ? 'Choose a new password first.' : 'Set up two-factor sign-in first.' };
  return { ok: true, member };
}
