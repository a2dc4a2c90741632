import { ForbiddenError, NotFoundError } from '@/lib/permissions';

/** A file the browser saves rather than shows; never cached by the browser or a proxy (it holds a firm's figures). */
export function attachment(body: Uint8Array | string, type: string, filename: string): Response {
  const bytes = typeof body === 'string' ? body : new Uint8Array(body);
  return new Response(bytes, {
    headers: {
      'Content-Type': type,
      // Names are made here from invoice numbers and dates; anything else is dropped so the header cannot be broken.
      'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.\-]/g, '_')}"`,
      'Cache-Control': 'no-store',
    },
  });
}

/** A route's answer to a refusal from the data layer: another firm's id reads as missing; a role that may not is told so. */
export function refusal(e: unknown): Response {
  if (e instanceof NotFoundError) return new Response('Not found.', { status: 404 });
  if (e instanceof ForbiddenError) return new Response('Not allowed.', { status: 403 });
  throw e;
}
