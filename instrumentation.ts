/**
 * Runs once when the production server starts (Next.js's instrumentation
 * hook), in the Node.js runtime only.
 */
const PRUNE_EVERY_MS = 5 * 60_000;

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPeerAddress } = await import('./lib/http/peer-address');
  installPeerAddress();

  // The throttle tables take rows from anonymous callers: pruned now and on a timer, never on a request.
  const { getDb } = await import('./db');
  const { pruneAttempts } = await import('./lib/dal/attempts');
  const prune = () => {
    try {
      pruneAttempts(getDb(), Date.now());
    } catch (error) {
      console.error('pruning attempt rows failed', error);
    }
  };
  prune();
  setInterval(prune, PRUNE_EVERY_MS).unref();
}
