import 'server-only';
import { and, eq, gt } from 'drizzle-orm';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb, schema } from '@/db';
import { auth } from '@/lib/auth';
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
  const session = await auth();
  const sessionId = (session as { sid?: unknown } | null)?.sid;
  if (typeof sessionId !== 'string') return null;
  const row = getDb()
    .select({
      userId: schema.users.id,
      firmId: schema.users.firmId,
      role: schema.users.role,
      name: schema.users.name,
      email: schema.users.email,
      mustChangePassword: schema.users.mustChangePassword,
    })
    .from(schema.authSessions)
    .innerJoin(schema.users, eq(schema.users.id, schema.authSessions.userId))
    .where(
      and(
        eq(schema.authSessions.id, sessionId),
        eq(schema.users.active, true),
        gt(schema.authSessions.expiresAt, Date.now()),
      ),
    )
    .get();
  return row ? { ...row, sessionId } : null;
});

/** For pages: a signed-out visitor goes to the login page. */
export async function requireMember(): Promise<Member> {
  const member = await getMember();
  if (!member) redirect('/login');
  return member;
}
