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
  sessionId: string;
};

/** The one opt-out from the password gate: the change-password page and its action. */
export type GateOptions = { allowPendingPasswordChange?: boolean };

/** The signed-in caller whatever the state of their password, once per request. */
const sessionMember = cache(async (): Promise<Member | null> => {
  // The cookie decrypted and its row read once per request (lib/auth.ts).
  const live = await liveSession();
  return live ? { ...live.row, sessionId: live.sid } : null;
});

/**
 * The caller, or null when signed out. A member still on a temporary password
 * counts as nobody here unless the caller opts out: layouts do not guard
 * client-side navigations, route handlers or a page rendered beside a layout
 * that redirects, so the gate is this function and requireMember().
 */
export async function getMember(options: GateOptions = {}): Promise<Member | null> {
  const member = await sessionMember();
  if (!member) return null;
  if (member.mustChangePassword && !options.allowPendingPasswordChange) return null;
  return member;
}

/**
 * For pages: a signed-out visitor goes to the login page, and a member who
 * must choose a new password goes to the page where they do (only that page
 * opts out).
 */
export async function requireMember(options: GateOptions = {}): Promise<Member> {
  const member = await sessionMember();
  if (!member) redirect('/login');
  if (member.mustChangePassword && !options.allowPendingPasswordChange) redirect('/change-password');
  return member;
}

/**
 * For route handlers, which no layout guards: the member who may read data,
 * or why not — 401 signed out, 403 still on a temporary password.
 */
export async function memberForRoute(): Promise<{ ok: true; member: Member } | { ok: false; status: 401 | 403; message: string }> {
  const member = await sessionMember();
  if (!member) return { ok: false, status: 401, message: 'Sign in first.' };
  if (member.mustChangePassword) return { ok: false, status: 403, message: 'Choose a new password first.' };
  return { ok: true, member };
}
