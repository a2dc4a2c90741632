import { NextResponse, type NextRequest } from 'next/server';
import { admitRender, REQUEST_ID_HEADER } from './lib/http/render-gate';

/**
 * A Content-Security-Policy with a fresh nonce for every page: only scripts
 * that carry it (Next.js puts it on its own) and what they load may run, so
 * an injected inline script does not. Pages are rendered per request anyway
 * (they are per user), which a nonce needs.
 */
export function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV === 'development'): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React writes style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The Today page's service worker (/sw.js) and the web app manifest; 'strict-dynamic' above would otherwise decide for workers.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Next.js's limit for a server action's body (next.config.js serverActions.bodySizeLimit). */
const FORM_BODY_LIMIT = 3 * 1024 * 1024;

/**
 * A form posted without JavaScript carries its action in the body, so Next
 * reads it as a server action and, over the limit, answers 500. A body that
 * declares more than the limit gets a plain 413 page before it is read.
 */
function formTooLarge(): NextResponse {
  const page =
    '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Form too large</title>' +
    '<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem">' +
    '<h1>That form was too large</h1><p>What you sent was over 3 MB, so nothing was saved. Go back and send less.</p></body></html>';
  return new NextResponse(page, {
    status: 413,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      Connection: 'close',
    },
  });
}

/** More pages are waiting to render than the server will queue: come back in a few seconds. */
function busy(): NextResponse {
  const page =
    '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Busy</title>' +
    '<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem">' +
    '<h1>Sweetspot is busy</h1><p>Too many pages were asked for at once. Try again in a few seconds.</p></body></html>';
  return new NextResponse(page, {
    status: 503,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Retry-After': '5',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}

export async function proxy(request: NextRequest) {
  if (request.method === 'POST' && Number(request.headers.get('content-length') ?? 0) > FORM_BODY_LIMIT) return formTooLarge();
  // Pages take turns to render (lib/http/render-gate.ts); one whose caller left while waiting is not rendered.
  const admitted = await admitRender(request.headers.get(REQUEST_ID_HEADER));
  if (admitted === 'busy') return busy();
  if (admitted === 'gone') return new NextResponse(null, { status: 503 });
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  matcher: [
    {
      // Documents only: not the JSON API, calendar feeds, built assets, the service worker and app icons, or a
      // server action's post (whose body Next would otherwise copy for the proxy).
      source: '/((?!api/|feeds/|_next/static|_next/image|icon.svg|favicon.ico|sw.js|icons/).*)',
      missing: [
        { type: 'header', key: 'next-action' },
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
