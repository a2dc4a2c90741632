/**
 * Runs once when the production server starts (Next.js's instrumentation
 * hook), in the Node.js runtime only.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPeerAddress } = await import('./lib/http/peer-address');
  installPeerAddress();
}
