import { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth';
import { BODY_LIMITS, readBodyCapped } from '@/lib/http/body';

export const { GET } = handlers;

/**
 * Auth.js reads whole bodies (form or JSON) into memory, and anyone may post
 * here: the body is read with a cap first and handed on as a buffer.
 */
export async function POST(request: NextRequest) {
  const body = await readBodyCapped(request, BODY_LIMITS.auth);
  if (!body.ok) return body.response;
  return handlers.POST(new NextRequest(request.url, { method: 'POST', headers: request.headers, body: body.bytes }));
}
