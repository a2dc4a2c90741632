/**
 * The service worker's source, bundled with esbuild into public/sw.js before `next build` (scripts/service-worker.ts;
 * see README "Offline" for why not Serwist's Next plugin). Serwist's strategies do the caching; which request gets
 * which strategy, and what may be kept, is decided in ./caching.ts.
 */
import { CacheFirst, ExpirationPlugin, NetworkFirst, Serwist, type SerwistPlugin } from 'serwist';
import {
  MAX_STATIC_ENTRIES,
  NETWORK_TIMEOUT_SECONDS,
  PAGE_CACHE,
  STATIC_CACHE,
  endsTheCopy,
  isHashedAsset,
  isKeepablePage,
  isTodayDocument,
} from './caching';

declare const self: { location: { origin: string } };

/** Keeps only the page itself, and deletes the stored copy when the server says its owner is no longer signed in. */
const signedInCopyOnly: SerwistPlugin = {
  cacheWillUpdate: async ({ response }) => (isKeepablePage(response) ? response : null),
  fetchDidSucceed: async ({ response }) => {
    if (endsTheCopy(response)) await caches.delete(PAGE_CACHE);
    return response;
  },
};

const serwist = new Serwist({
  // A new worker takes over at once: it holds no state of its own, and the page it serves is the server's.
  skipWaiting: true,
  clientsClaim: true,
  runtimeCaching: [
    {
      matcher: ({ url, request }) => isTodayDocument(url, request, self.location.origin),
      handler: new NetworkFirst({ cacheName: PAGE_CACHE, networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS, plugins: [signedInCopyOnly] }),
    },
    {
      matcher: ({ url, request }) => isHashedAsset(url, request, self.location.origin),
      handler: new CacheFirst({ cacheName: STATIC_CACHE, plugins: [new ExpirationPlugin({ maxEntries: MAX_STATIC_ENTRIES })] }),
    },
  ],
});

serwist.addEventListeners();
