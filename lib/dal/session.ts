import 'server-only';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db';
import { sessionId as liveSessionId } from '@/lib/auth';
import { liveSessionRow } from '@/lib/live-session';
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

export const getMember = cache(async (): Promise<Member | null> => {
  const sessionId = await liveSessionId();
  if (!sessionId) return null;
  const row = liveSessionRow(getDb(), sessionId, Date.now());
  return row ? { ...row, sessionId } : null;
});

/** For pages: a signed-out visitor goes to the login page. */
export async function requireMember(): Promise<Member> {
  const member = await getMember();
  if (!member) redirect('/login');
  return member;
}
