import type { MetadataRoute } from 'next';
import { TODAY_PATH } from '@/lib/offline/caching';

/**
 * The web app manifest (/manifest.webmanifest): Sweetspot installs on a phone as the Today app, which opens
 * without a connection once the service worker keeps its copy (lib/offline/caching.ts). The icons are
 * app/icon.svg drawn at the sizes installers ask for; the maskable one keeps its mark in the central safe zone.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: TODAY_PATH,
    name: 'Sweetspot Today',
    short_name: 'Today',
    description: 'Your visits for the day: check in and out, with or without a connection.',
    start_url: TODAY_PATH,
    scope: '/',
    display: 'standalone',
    background_color: '#f8fafc',
    theme_color: '#166534',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
