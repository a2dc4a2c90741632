import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The header through which the server tells the app who is on the other end
 * of the connection: the X-Forwarded-For entries the request arrived with,
 * then the socket's own address, as a reverse proxy appends it. Next.js's
 * server only fills X-Forwarded-For when the client sent none, so a caller
 * could otherwise pick its own address. Stamped on every request before
 * Next.js sees it (a client-sent header of this name is overwritten).
 */
export const PEER_HEADER = 'x-sweetspot-peer';

/** Only the rightmost entries can be trusted (TRUSTED_PROXY_HOPS is at most 10); the rest is the caller's text. */
const KEPT_ENTRIES = 12;

let installed = false;

export function peerChain(forwarded: string | string[] | undefined, socketAddress: string | undefined): string {
  const given = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return [...given.slice(-(KEPT_ENTRIES - 1)), socketAddress ?? 'unknown'].map((s) => s.slice(0, 64)).join(', ');
}

/**
 * Stamps PEER_HEADER on every request this process serves, through Node's
 * `http.server.request.start` diagnostics channel (published with the socket
 * before the server's request handler runs). Called once from
 * instrumentation.ts at server start.
 */
export function installPeerAddress(): void {
  if (installed) return;
  installed = true;
  subscribe('http.server.request.start', (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_HEADER] = peerChain(request.headers['x-forwarded-for'], socket.remoteAddress);
  });
}
