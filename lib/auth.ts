import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db';
import { authenticate, endSession, SESSION_MAX_AGE_S } from '@/lib/dal/accounts';
import { liveSessionRow } from '@/lib/live-session';
import { clientAddress } from '@/lib/request';
import { safeNext } from '@/lib/safe-next';
import { loginSchema } from '@/lib/validations/auth';

class ThrottledSignin extends CredentialsSignin {
  code = 'throttled';
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
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = loginSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const result = await authenticate(parsed.data.email, parsed.data.password, clientAddress(request.headers));
        if (result.status === 'throttled') throw new ThrottledSignin();
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
