import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db';
import { endSession, SESSION_MAX_AGE_S, signInStep } from '@/lib/dal/accounts';
import { liveSessionRow } from '@/lib/live-session';
import { clientAddress } from '@/lib/request';
import { safeNext } from '@/lib/safe-next';
import { credentialsSchema } from '@/lib/validations/auth';

class ThrottledSignin extends CredentialsSignin {
  code = 'throttled';
}

/** The password was right; the code step needs `pending` (the login action hands it to the form). */
export class SecondFactorSignin extends CredentialsSignin {
  code = 'second-factor';
  constructor(readonly pending: string) {
    super();
  }
}

export class WrongCodeSignin extends CredentialsSignin {
  code = 'wrong-code';
  constructor(readonly pending: string) {
    super();
  }
}

class PendingExpiredSignin extends CredentialsSignin {
  code = 'pending-expired';
}

/**
 * Auth.js issues the cookie; the database decides whether it still means anything.
 * The JWT only carries `sid`, the id of a row in auth_sessions (see lib/dal/session.ts).
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: '/login', error: '/login' },
  logger: {
    // A wrong password is an expected answer, not a server error worth a stack trace.
    error(error) {
      if ((error as { type?: string }).type === 'CredentialsSignin') return;
      console.error(error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {}, pending: {}, code: {} },
      // No user, so no session, until every factor the account has is proven (lib/dal/accounts.ts signInStep).
      async authorize(credentials, request) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const result = await signInStep(parsed.data, clientAddress(request.headers));
        if (result.status === 'throttled') throw new ThrottledSignin();
        if (result.status === 'second-factor') throw new SecondFactorSignin(result.pending);
        if (result.status === 'wrong-code') throw new WrongCodeSignin(result.pending);
        if (result.status === 'pending-expired') throw new PendingExpiredSignin();
        if (result.status !== 'ok') return null;
        return { id: String(result.userId), name: result.name, email: result.email, sid: result.sessionId };
      },
    }),
  ],
  events: {
    // Any way of signing out (our action or Auth.js's own endpoint) ends the session row.
    signOut(message) {
      const sid = 'token' in message ? message.token?.sid : undefined;
      if (typeof sid === 'string') endSession(sid);
    },
  },
  callbacks: {
    /**
     * Runs on every read of the session, ours and the browser's. A token whose
     * row has ended (signed out elsewhere, expired, user deactivated) is no
     * session: Auth.js then answers null and clears the cookie.
     */
    jwt({ token, user }) {
      if (user) {
        token.sid = (user as { sid?: string }).sid;
        return token;
      }
      const sid = token.sid;
      const row = typeof sid === 'string' ? liveSessionRow(getDb(), sid, Date.now()) : undefined;
      if (!row || typeof sid !== 'string') return null;
      return token;
    },
    // Name and email for "signed in as"; never the session id: Auth.js serialises this object to the browser at /api/auth/session, and a session id there is a bearer secret in page JavaScript's reach.
    session({ session }) {
      return { user: { name: session.user?.name, email: session.user?.email }, expires: session.expires } as typeof session;
    },
    // Every redirect Auth.js makes (sign-in callbackUrl, sign-out) stays on this site, by the same rule as the login form's next.
    redirect({ url, baseUrl }) {
      const path = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) : url;
      return `${baseUrl}${safeNext(path)}`;
    },
  },
});
