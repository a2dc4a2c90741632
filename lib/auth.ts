import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { authenticate, endSession, SESSION_MAX_AGE_S } from '@/lib/dal/accounts';
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
    jwt({ token, user }) {
      if (user) token.sid = (user as { sid?: string }).sid;
      return token;
    },
    session({ session, token }) {
      return Object.assign(session, { sid: token.sid });
    },
    // Every redirect Auth.js makes (sign-in callbackUrl, sign-out) stays on this site, by the same rule as the login form's next.
    redirect({ url, baseUrl }) {
      const path = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) : url;
      return `${baseUrl}${safeNext(path)}`;
    },
  },
});
