/**
 * Runs once when the production server starts (Next.js's instrumentation
 * hook), in the Node.js runtime only.
 */
const PRUNE_EVERY_MS = 5 * 60_000;

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPeerAddress } = await import('./lib/http/peer-address');
  installPeerAddress();
  const { installRenderGate } = await import('./lib/http/render-gate');
  installRenderGate();

  // Housekeeping, now and on a timer, never on a request: each job on its own, so one failing does not stop the rest.
  const { getDb } = await import('./db');
  const { pruneAttempts } = await import('./lib/dal/attempts');
  const { pruneAbandonedSignups } = await import('./lib/dal/abandoned-signups');
  const { expandAllSeries } = await import('./lib/dal/visit-series-expand');
  const { enqueueDueReminders } = await import('./lib/mail/reminders');
  const { refreshDueCalendars } = await import('./lib/dal/internal/external-busy');
  const { enqueueMarketingAlerts } = await import('./lib/dal/internal/marketing-alerts');
  const jobs: [string, (now: number) => unknown][] = [
    // The throttle tables take rows from anonymous callers; spent links and old mail go too.
    ['pruning attempt rows', (now) => pruneAttempts(getDb(), now)],
    // Sign-ups never confirmed in a week, holding nothing but what sign-up made: the address is free again.
    ['removing abandoned sign-ups', (now) => pruneAbandonedSignups(getDb(), now)],
    // Recurring visits: their next occurrences become open requests as they come within reach.
    ['making recurring visits', (now) => expandAllSeries(getDb(), now)],
    // Reminders nobody's action causes (the day before a visit, an overdue invoice), each under a key naming
    // what it is for, so a second run or a second process writes none again. After the visits are made.
    ['writing due reminders', (now) => enqueueDueReminders(getDb(), now)],
    // A week 80 % or 95 % booked while marketing is owed: the person and the owners hear of it, once per level a week.
    ['writing marketing alerts', (now) => enqueueMarketingAlerts(getDb(), now)],
    // People's other calendars not read for half an hour: in the background (each read capped at 10 s), never
    // awaited here; a bad address only sets that calendar's status.
    [
      'reading people’s other calendars',
      (now) => void refreshDueCalendars(getDb(), now).catch((e) => console.error('reading calendars failed', e)),
    ],
  ];
  const housekeeping = () => {
    for (const [what, job] of jobs) {
      try {
        job(Date.now());
      } catch (error) {
        console.error(`${what} failed`, error);
      }
    }
  };
  housekeeping();
  setInterval(housekeeping, PRUNE_EVERY_MS).unref();

  // Mail leaves through the outbox (lib/mail/outbox.ts): one sender per process. Without SMTP_URL
  // messages wait in the outbox, shown in Settings → Email, and nothing is an error.
  const { mailConfig, smtpTransport, startSender } = await import('./lib/mail/sender');
  const mail = mailConfig();
  if (mail) startSender({ db: getDb(), transport: smtpTransport(mail.smtpUrl), from: mail.from });
  else console.log('mail: SMTP_URL is not set; messages stay in the outbox (Settings → Email).');
}
