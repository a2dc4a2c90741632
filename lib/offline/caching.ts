/**
 * What the service worker (lib/offline/service-worker.ts, bundled into public/sw.js at build time) keeps on the
 * phone, decided here as pure functions so the rules are unit-tested and shared with the page, which seeds and
 * clears the same caches.
 *
 * - The Today document: network first, so a connected phone always sees the server's day; the last good copy
 *   answers when there is no connection. It belongs to whoever was signed in: the copy is deleted at sign-out,
 *   on the sign-in page, and whenever the server answers Today with anything but the page (a redirect to
 *   sign-in after a session ended).
 * - Next's hashed build files (/_next/static/…): cache first, since a hashed name never changes content.
 * - Nothing else: other pages, the JSON API and every POST (server actions, check-ins) go to the network as if
 *   there were no worker; the Today page's own offline queue (lib/field/offline-queue.ts) keeps unsent taps.
 */

/** The signed-in person's last good copy of Today. */
export const PAGE_CACHE = 'sweetspot-today';
/** Hashed build files; a new deploy adds new names, the old ones age out (MAX_STATIC_ENTRIES). */
export const STATIC_CACHE = 'sweetspot-static';
export const MAX_STATIC_ENTRIES = 300;
/** A phone with a weak signal gets its copy after this long rather than a blank screen. */
export const NETWORK_TIMEOUT_SECONDS = 6;
/** The page kept offline, and the app's start page. */
export const TODAY_PATH = '/today';
/** The worker's address; its scope is the whole site so it sees the Today navigation. */
export const SERVICE_WORKER_URL = '/sw.js';

type RequestLike = { method: string; headers: { has(name: string): boolean } };

/**
 * The Today document itself: a GET of /today without Next's flight-data markers. A client-side navigation asks
 * the same path for React Server Components data (an `RSC` header and an `_rsc` query), a different response
 * that must never be stored or served in place of the page.
 */
export function isTodayDocument(url: URL, request: RequestLike, origin: string): boolean {
  return (
    request.method === 'GET' &&
    url.origin === origin &&
    url.pathname === TODAY_PATH &&
    url.search === '' &&
    !request.headers.has('rsc') &&
    !request.headers.has('next-router-prefetch')
  );
}

/** A build file whose name carries its content hash (Next's /_next/static/), so a cached copy is never stale. */
export function isHashedAsset(url: URL, request: RequestLike, origin: string): boolean {
  return request.method === 'GET' && url.origin === origin && url.pathname.startsWith('/_next/static/');
}

/** Whether the server's answer to the Today document is the page, worth keeping. */
export function isKeepablePage(response: { status: number; type: string; redirected: boolean }): boolean {
  return response.status === 200 && response.type === 'basic' && !response.redirected;
}

/**
 * Whether an answer to the Today document says nobody (or somebody else) is signed in: a redirect (to sign-in),
 * seen by the worker as an opaque redirect for a navigation or a followed one for a plain fetch, or a refusal.
 * The stored copy then belongs to nobody and is deleted.
 */
export function endsTheCopy(response: { status: number; type: string; redirected: boolean }): boolean {
  return response.type === 'opaqueredirect' || response.redirected || response.status === 401 || response.status === 403;
}

/** Same-origin build files the page has loaded so far, from the browser's resource timing. */
export function hashedAssetUrls(resourceNames: string[], origin: string): string[] {
  const urls = new Set<string>();
  for (const name of resourceNames) {
    const url = new URL(name, origin);
    if (url.origin === origin && url.pathname.startsWith('/_next/static/')) urls.add(url.origin + url.pathname + url.search);
  }
  return [...urls];
}
