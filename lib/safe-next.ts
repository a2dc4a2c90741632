/**
 * Where to send someone after signing in: a path on this site, or the fallback.
 *
 * Browsers are lenient where a server check is literal: they drop tabs and
 * newlines inside a URL, read a backslash as a slash, and treat `//host` as
 * another site. So `/\t/other.example/` passes "starts with one slash" and
 * still lands on other.example. The rule here is strict instead of clever: a
 * single leading slash; no backslash, control character or whitespace
 * anywhere (raw, or percent-encoded slashes and backslashes that a proxy might
 * decode); and once parsed against a fixed origin the origin is unchanged and
 * the path has no empty segment. What is returned is the normalised path, not
 * the raw input.
 */
export function safeNext(value: unknown, fallback = '/dashboard'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//')) return fallback;
  // \s covers Unicode whitespace (NBSP, line and paragraph separators, BOM) as well as ASCII.
  if (/[\\\s\u0000-\u001f\u007f-\u009f]/.test(value)) return fallback;
  if (/%(2f|5c)/i.test(value)) return fallback;
  const base = 'http://sweetspot.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base || url.username || url.password) return fallback;
  if (!url.pathname.startsWith('/') || url.pathname.includes('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
