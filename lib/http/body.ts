/**
 * Reading a request body with a cap, before any of it is held: the declared
 * Content-Length is refused at once, and a chunked body is read chunk by chunk
 * and dropped the moment it passes the cap. Route handlers read bodies only
 * through here (server actions have Next.js's own bodySizeLimit).
 */
export const BODY_LIMITS = {
  /** Sign-in, sign-out and the other Auth.js endpoints: a few short form fields. */
  auth: 64 * 1024,
  /** One check-in or check-out from the Today page. */
  field: 16 * 1024,
} as const;

export type CappedBody = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; response: Response };

export function tooLarge(limit: number): Response {
  // Connection: close, so the rest of an oversized upload is not read from the socket.
  return new Response(`Request body too large (limit ${Math.round(limit / 1024)} KB).\n`, {
    status: 413,
    headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close', 'cache-control': 'no-store' },
  });
}

export async function readBodyCapped(request: Request, limit: number): Promise<CappedBody> {
  const declared = request.headers.get('content-length');
  if (declared !== null && !(/^\d+$/.test(declared) && Number(declared) <= limit)) return { ok: false, response: tooLarge(limit) };
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, response: tooLarge(limit) };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes };
}
