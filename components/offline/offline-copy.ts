import { PAGE_CACHE } from '@/lib/offline/caching';

/**
 * Deletes this phone's copy of the Today page (lib/offline/caching.ts): it shows the person who was signed in,
 * and must never open for the next one. Called when signing out and on the sign-in page.
 */
export async function forgetOfflineCopy(): Promise<void> {
  if (typeof window === 'undefined' || !('caches' in window)) return;
  await caches.delete(PAGE_CACHE).catch(() => false);
}
