/**
 * The address used for per-client login throttling. Next's server appends the
 * socket address to x-forwarded-for, so the last entry is the one a client
 * cannot forge; behind a trusted reverse proxy set TRUSTED_PROXY_HOPS to skip it.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const hops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0) || 0;
  return forwarded[forwarded.length - 1 - hops] ?? headers.get('x-real-ip') ?? 'unknown';
}
