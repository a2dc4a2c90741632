import { describe, expect, it } from 'vitest';
import { endsTheCopy, hashedAssetUrls, isHashedAsset, isKeepablePage, isTodayDocument } from './caching';

const ORIGIN = 'https://app.example';
const req = (method = 'GET', headers: Record<string, string> = {}) => ({ method, headers: new Headers(headers) });
const url = (path: string) => new URL(path, ORIGIN);

describe('which requests the service worker answers', () => {
  it('keeps the Today document, and never its flight data, a prefetch, a post or another page', () => {
    expect(isTodayDocument(url('/today'), req(), ORIGIN)).toBe(true);
    // A client-side navigation asks the same path for React Server Components data: another response.
    expect(isTodayDocument(url('/today?_rsc=abc12'), req('GET', { RSC: '1' }), ORIGIN)).toBe(false);
    expect(isTodayDocument(url('/today'), req('GET', { RSC: '1' }), ORIGIN)).toBe(false);
    expect(isTodayDocument(url('/today'), req('GET', { 'Next-Router-Prefetch': '1' }), ORIGIN)).toBe(false);
    // Server actions post to the page's own URL: never cached, never answered from the cache.
    expect(isTodayDocument(url('/today'), req('POST', { 'Next-Action': 'abc' }), ORIGIN)).toBe(false);
    expect(isTodayDocument(url('/dashboard'), req(), ORIGIN)).toBe(false);
    expect(isTodayDocument(url('/today/extra'), req(), ORIGIN)).toBe(false);
    expect(isTodayDocument(new URL('https://other.example/today'), req(), ORIGIN)).toBe(false);
  });

  it('keeps hashed build files only, of this site, fetched with GET', () => {
    expect(isHashedAsset(url('/_next/static/chunks/app-1a2b3c.js'), req(), ORIGIN)).toBe(true);
    expect(isHashedAsset(url('/_next/static/css/4d5e.css'), req(), ORIGIN)).toBe(true);
    expect(isHashedAsset(url('/api/field'), req('POST'), ORIGIN)).toBe(false);
    expect(isHashedAsset(url('/api/field'), req(), ORIGIN)).toBe(false);
    expect(isHashedAsset(url('/_next/image?url=x'), req(), ORIGIN)).toBe(false);
    expect(isHashedAsset(new URL('https://cdn.example/_next/static/a.js'), req(), ORIGIN)).toBe(false);
  });
});

describe('what an answer to the Today document does to the stored copy', () => {
  const res = (status: number, type = 'basic', redirected = false) => ({ status, type, redirected });
  it('keeps only the page itself', () => {
    expect(isKeepablePage(res(200))).toBe(true);
    expect(isKeepablePage(res(200, 'basic', true))).toBe(false); // the sign-in page, reached through a redirect
    expect(isKeepablePage(res(0, 'opaqueredirect'))).toBe(false);
    expect(isKeepablePage(res(500))).toBe(false);
  });
  it('deletes the copy when the server says nobody (or somebody else) is signed in', () => {
    expect(endsTheCopy(res(0, 'opaqueredirect'))).toBe(true);
    expect(endsTheCopy(res(200, 'basic', true))).toBe(true);
    expect(endsTheCopy(res(401))).toBe(true);
    expect(endsTheCopy(res(200))).toBe(false);
    expect(endsTheCopy(res(503))).toBe(false); // a server in trouble is no sign-out: the copy still serves
  });
});

it('lists the build files a page loaded, once each, and nothing else', () => {
  expect(
    hashedAssetUrls(
      [
        `${ORIGIN}/_next/static/chunks/a.js`,
        `${ORIGIN}/_next/static/chunks/a.js#x`,
        `${ORIGIN}/_next/static/css/b.css`,
        `${ORIGIN}/api/field`,
        `${ORIGIN}/today`,
        'https://other.example/_next/static/c.js',
      ],
      ORIGIN,
    ),
  ).toEqual([`${ORIGIN}/_next/static/chunks/a.js`, `${ORIGIN}/_next/static/css/b.css`]);
});
