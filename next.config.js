// @ts-check
// Documents get their Content-Security-Policy, with a per-request nonce, from
// proxy.ts; everything else (JSON, calendar feeds, built assets) may load nothing.
const apiCsp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
// A service worker runs under its own script's policy: it fetches this site's pages and build files, nothing else.
const serviceWorkerCsp = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'";

const securityHeaders = [
  { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'geolocation=(self), camera=(), microphone=(), payment=(), usb=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // pdfkit reads its font metrics from files beside its code at run time: bundling would move the code away from them.
  serverExternalPackages: ['better-sqlite3', 'pdfkit'],
  experimental: {
    // Room for a 2 MB client CSV import (lib/dal/client-import.ts); anything larger is refused.
    serverActions: { bodySizeLimit: '3mb' },
    // What Next copies of a request body for proxy.ts; the proxy skips server actions' posts, so this bounds the rest.
    proxyClientMaxBodySize: '4mb',
  },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      { source: '/(api|feeds)/:path*', headers: [{ key: 'Content-Security-Policy', value: apiCsp }] },
      {
        source: '/sw.js',
        headers: [
          { key: 'Content-Security-Policy', value: serviceWorkerCsp },
          // Checked for a new version on every visit, whatever a proxy in between would cache.
          { key: 'Cache-Control', value: 'no-cache' },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
