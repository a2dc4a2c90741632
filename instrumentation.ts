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

  // Reminders nobody's action causes (the day before a visit, an overdue invoice): written on the same
  // timer, each under a key naming what it is for, so a second run or a second process writes none again.
  const { enqueueDueReminders } = await import('./lib/mail/reminders');
  const remind = () => {
    try {
      enqueueDueReminders(getDb(), Date.now());
    } catch (error) {
      console.error('writing due reminders failed', error);
    }
  };
  remind();
  setInterval(remind, PRUNE_EVERY_MS).unref();

  // Mail leaves through the outbox (lib/mail/outbox.ts): one sender per process. Without SMTP_URL
  // messages wait in the outbox, shown in Settings → Email, and nothing is an error.
  const { mailConfig, smtpTransport, startSender } = await import('./lib/mail/sender');
  const mail = mailConfig();
  if (mail) startSender({ db: getDb(), transport: smtpTransport(mail.smtpUrl), from: mail.from });
  else console.log('mail: SMTP_URL is not set; messages stay in the outbox (Settings → Email).');
}
