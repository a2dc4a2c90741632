'use client';

import { useEffect, useState } from 'react';
import { PAGE_CACHE, SERVICE_WORKER_URL, STATIC_CACHE, TODAY_PATH, hashedAssetUrls, isKeepablePage } from '@/lib/offline/caching';

/**
 * Installs the service worker (production builds only: a development server's files change under it) and stores
 * what it could not see itself. The worker keeps the Today page current when the browser loads it as a document;
 * the first time (before the worker was in charge) and when Today was reached inside the app (a client-side
 * navigation, which asks for data, not the page), this stores a fresh copy of the page, and the first time also
 * the build files already loaded. Resolves true once the page would open without a connection.
 */
async function makeAvailableOffline(): Promise<boolean> {
  if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator) || !('caches' in window)) return false;
  const wasInCharge = navigator.serviceWorker.controller !== null;
  const navigation = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  const loadedAsToday = navigation.some((entry) => new URL(entry.name).pathname === TODAY_PATH);
  // Whether the worker saw this page's own request (and so stored it): a worker that took charge only after the
  // page was requested (it was still starting up) is in charge now, yet stored nothing for it.
  const servedByWorker = navigation.some((entry) => entry.workerStart > 0);
  // Once in charge, the browser itself checks for a new worker on navigations; registering again would fetch the
  // script, which fails offline, exactly when the page was served from the phone.
  if (!wasInCharge) await navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: '/' });
  await navigator.serviceWorker.ready;
  const work: Promise<void>[] = [];
  if (!servedByWorker || !loadedAsToday) work.push(storeTodayCopy());
  if (!servedByWorker) {
    const loaded = performance.getEntriesByType('resource').map((entry) => entry.name);
    work.push(caches.open(STATIC_CACHE).then((cache) => cache.addAll(hashedAssetUrls(loaded, location.origin))));
  }
  await Promise.all(work);
  return true;
}

/** A fresh copy of the page, kept only if it is the page (a session that ended meanwhile answers with a redirect). */
async function storeTodayCopy(): Promise<void> {
  const response = await fetch(TODAY_PATH, { redirect: 'manual', cache: 'no-store' });
  if (!isKeepablePage(response)) throw new Error(`Today answered ${response.status}`);
  await (await caches.open(PAGE_CACHE)).put(TODAY_PATH, response);
}

export function OfflineReady() {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let alive = true;
    makeAvailableOffline().then(
      (ok) => alive && setReady(ok),
      () => undefined, // private browsing or storage full: the page still works online
    );
    return () => {
      alive = false;
    };
  }, []);
  if (!ready) return null;
  return (
    <p className="mt-2 text-sm text-slate-600" data-testid="offline-ready">
      This page also opens on this device without a connection.
    </p>
  );
}
