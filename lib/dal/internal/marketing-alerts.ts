import 'server-only';
import { schema, type Conn, type DB } from '@/db';
import { eq } from 'drizzle-orm';
import { enqueueOptional, firmMaySend } from '@/lib/mail/recipients';
import { mailOrigin, marketingAlertMail } from '@/lib/mail/messages';
import { ALERT_SHARES } from '@/lib/planning/marketing-budget';
import { formatHours, weekLabel } from '@/lib/time/format';
import { weekBoundaries } from '@/lib/time/zoned';
import { budgetRows, weekLoad, type WeekLoad } from './marketing-budget-rows';
import { schedulablePeople } from './people';

/**
 * The budget's alert by mail (the dashboard and Today show it too): when a
 * person's week reaches 80 % and again 95 % of its free time booked while
 * marketing is still owed, the person and each owner get one message. The
 * housekeeping timer (instrumentation.ts) runs this; each message's key names
 * the person, the week, the level and the recipient, so a second run or a
 * second process writes none again. Optional: an address that opted out gets
 * none. Only people whose week is that full have their ledger read.
 */
export function enqueueMarketingAlerts(db: DB, now: number): number {
  const firms = db.$client.prepare('select id, name, time_zone as zone from firms').all() as { id: number; name: string; zone: string }[];
  let n = 0;
  for (const firm of firms) {
    if (!firmMaySend(db, firm.id)) continue;
    const loads = new Map<number, WeekLoad>();
    const full = schedulablePeople(db, firm.id).filter((p) => {
      const load = weekLoad(db, firm.id, p.id, firm.zone, now);
      loads.set(p.id, load);
      return load.capacity > 0 && load.booked >= Math.min(...ALERT_SHARES) * load.capacity;
    });
    const alerts = full.length ? budgetRows(db, firm.id, firm.zone, full, now, loads).filter((r) => r.alert !== null) : [];
    if (!alerts.length) continue;
    const users = db.$client
      .prepare(`select id, name, email, role from users where firm_id = ? and active = 1 and email <> ''`)
      .all(firm.id) as { id: number; name: string; email: string; role: string }[];
    const weekStart = weekBoundaries(now, firm.zone, 0)[0]!;
    const origin = mailOrigin();
    db.transaction(
      (tx) => {
        for (const row of alerts) {
          const facts = {
            firmId: firm.id,
            firmName: firm.name,
            person: row.name,
            week: weekLabel(weekStart, firm.zone, new Date(now).getUTCFullYear()),
            level: row.alert!,
            bookedPercent: Math.floor((row.bookedShare ?? 0) * 100),
            owed: formatHours(row.thisWeek.remaining),
          };
          for (const u of users.filter((u) => u.id === row.userId || u.role === 'owner')) {
            const mail = marketingAlertMail(
              { firmId: firm.id, firmName: firm.name, name: u.name, to: u.email },
              facts,
              u.id === row.userId,
              origin,
            );
            const key = (level: number) => `marketing-alert.${row.userId}.${weekStart}.${level}.${u.id}`;
            // A week that reached 95 % and then fell back under it (a cancellation) has already said more than 80 %.
            if (row.alert === 80 && sentBefore(tx, key(95))) continue;
            if (enqueueOptional(tx, mail, now, key(row.alert!)) !== null) n++;
          }
        }
      },
      { behavior: 'immediate' },
    );
  }
  return n;
}

const sentBefore = (tx: Conn, messageKey: string) =>
  !!tx.select({ id: schema.outbox.id }).from(schema.outbox).where(eq(schema.outbox.messageKey, messageKey)).get();
