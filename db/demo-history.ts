import { DateTime } from 'luxon';
import { seededRandom } from '../lib/random';
import type { GrowthOutlook, TimeCategory } from './schema';
import { MINUTE_MS } from '../lib/time/units';

/**
 * The demo firm's clients and a year of work, generated deterministically
 * relative to `now` so the dashboard always tells the same story: micro work
 * creeping up while marketing hours slip.
 */
export type DemoClient = {
  name: string;
  contactName: string;
  phone: string;
  address: string;
  seats: number;
  hasServer: boolean;
  hourlyRateCents: number | null;
  monthlyRecurringCents: number;
  growth: GrowthOutlook;
  expectedSeats24m: number | null;
  status: 'prospect' | 'active' | 'referred_out' | 'archived';
  defaultTravelMinutes: number;
  notes: string;
  /** Days ago a server was added, for "just added a server". */
  serverAddedDaysAgo?: number;
};

const c = (name: string, seats: number, hasServer: boolean, extra: Partial<DemoClient> = {}): DemoClient => ({
  name,
  contactName: extra.contactName ?? '',
  phone: extra.phone ?? '',
  address: extra.address ?? '',
  seats,
  hasServer,
  hourlyRateCents: extra.hourlyRateCents ?? null,
  monthlyRecurringCents: extra.monthlyRecurringCents ?? 0,
  growth: extra.growth ?? 'flat',
  expectedSeats24m: extra.expectedSeats24m ?? null,
  status: extra.status ?? 'active',
  defaultTravelMinutes: extra.defaultTravelMinutes ?? 15,
  notes: extra.notes ?? '',
  serverAddedDaysAgo: extra.serverAddedDaysAgo,
});

export const DEMO_CLIENTS: DemoClient[] = [
  // Micro: 2–5 PCs, no server, hourly.
  c('Baker Street Bakery', 3, false, {
    contactName: 'Ines Baker',
    phone: '(312) 555-0141',
    address: '1402 W Baker St, Chicago, IL',
    hourlyRateCents: 8500,
    notes: 'POS PC in the back office.',
  }),
  c('Corner Frame Shop', 2, false, { contactName: 'Al Moreno', phone: '(312) 555-0117', growth: 'shrinking', hourlyRateCents: 7500 }),
  c('Dr. Patel Family Dentistry', 5, false, {
    contactName: 'Dr. Anika Patel',
    phone: '(773) 555-0102',
    growth: 'growing',
    expectedSeats24m: 7,
  }),
  c('Elm Street Insurance', 4, false, { contactName: 'Grace Kim', phone: '(773) 555-0168' }),
  c('Foster Tax Service', 3, false, { contactName: 'Ron Foster', notes: 'Busy January to April.' }),
  c('Greenway Landscaping', 2, false, { contactName: 'Tom Green', hourlyRateCents: 7500 }),
  c('Harbor Yoga Studio', 2, false, { contactName: 'Maya Lind', growth: 'shrinking', hourlyRateCents: 7000 }),
  c('Ivy Lane Florist', 3, false, { contactName: 'June Ivy' }),
  c('Jackson Realty', 5, false, { contactName: 'Dee Jackson', growth: 'growing' }),
  c('Kowalski Auto Repair', 4, false, { contactName: 'Stan Kowalski', defaultTravelMinutes: 25, hourlyRateCents: 8000 }),
  c('Lakeview Pet Clinic', 5, false, { contactName: 'Dr. Omar Said' }),
  c('Midtown Printing', 3, false, { contactName: 'Lou Chen', growth: 'shrinking', hourlyRateCents: 7500 }),
  c('Northside Music Lessons', 2, false, { contactName: 'Eva Rossi', defaultTravelMinutes: 20 }),
  c('Oak Park Chiropractic', 4, false, { contactName: 'Dr. Beth Young' }),
  // Emerging: between micro and sweet spot.
  c('Quincy Architects', 8, false, {
    contactName: 'Paul Quincy',
    growth: 'growing',
    expectedSeats24m: 14,
    notes: 'Hiring two drafters this spring.',
  }),
  c('Riverside Veterinary', 9, true, {
    contactName: 'Dr. Lena Ortiz',
    growth: 'growing',
    expectedSeats24m: 12,
    monthlyRecurringCents: 25_000,
  }),
  c('Summit Physical Therapy', 7, false, { contactName: 'Nora Bell' }),
  c('Tandem Bike Co', 4, true, {
    contactName: 'Rick Vance',
    serverAddedDaysAgo: 20,
    notes: 'Bought a NAS-backed server for their inventory system.',
  }),
  c('Union Street Law', 12, false, { contactName: 'Mara Union', notes: 'Wants everything in the cloud; no server.' }),
  // Sweet spot: 10+ seats, a real server, steady money.
  c('Vista Accounting Group', 18, true, {
    contactName: 'Hal Vista',
    phone: '(312) 555-0190',
    monthlyRecurringCents: 75_000,
    address: '200 W Adams St, Chicago, IL',
  }),
  c('Westgate Medical Partners', 24, true, { contactName: 'Dr. Ruth Ames', monthlyRecurringCents: 90_000, growth: 'growing' }),
  c('Xavier & Cole Engineering', 15, true, { contactName: 'Ben Cole', monthlyRecurringCents: 60_000 }),
  c('Yorktown Property Management', 12, true, { contactName: 'Ivy York', monthlyRecurringCents: 50_000 }),
  c('Zenith Logistics', 30, true, { contactName: 'Carl Zen', monthlyRecurringCents: 85_000, growth: 'growing' }),
  c('Addison Family Law', 11, true, { contactName: 'Sue Addison', monthlyRecurringCents: 45_000 }),
  // Large.
  c('Birchwood School District Office', 140, true, { contactName: 'Dana Birch', monthlyRecurringCents: 250_000 }),
  c('Crestline Manufacturing', 110, true, { contactName: 'Otto Crest', monthlyRecurringCents: 220_000, defaultTravelMinutes: 35 }),
  // Not current.
  c('Delta Travel Agency', 3, false, { status: 'referred_out', notes: 'Referred to Loop IT in the spring: too far for the rate.' }),
  c('Evergreen Bookkeeping', 6, false, { status: 'prospect', growth: 'growing', notes: 'Met at the chamber breakfast.' }),
  c('Fairview Photo Lab', 2, false, { status: 'archived' }),
];

export type DemoEntry = {
  userIndex: number;
  clientIndex: number | null;
  category: TimeCategory;
  startedAt: number;
  minutes: number;
  travelMinutes: number;
  description: string;
};
export type DemoCharge = { clientIndex: number; billedAt: number; amountCents: number; description: string };

const MARKETING = [
  'Direct-mail follow-up calls',
  'Chamber networking breakfast',
  'Seminar preparation',
  'Newsletter mailing',
  'Reading: server licensing changes',
];

/** The hours of a working day that logged work may fill, as minutes since midnight. */
const DAY_START = 8 * 60;
const DAY_END = 18 * 60;

/**
 * One person's working week (Monday to Friday) being filled with logged work:
 * each piece goes at its preferred time, or the next free time that day, or
 * the first free time of the following days; never over another piece or a
 * standing appointment, so nobody is in two places at once. A client piece
 * keeps its travel free after it. Null when the week is full.
 */
function weekPlanner(reserved: readonly { weekday: number; start: number; end: number }[]) {
  const taken: [number, number][][] = [1, 2, 3, 4, 5].map((weekday) =>
    reserved.filter((r) => r.weekday === weekday).map((r) => [r.start, r.end]),
  );
  const fits = (day: number, from: number, length: number): number | null => {
    let s = from;
    for (;;) {
      if (s + length > DAY_END) return null;
      const clash = taken[day]!.find(([a, b]) => s < b && a < s + length);
      if (!clash) return s;
      s = Math.ceil(clash[1] / 15) * 15;
    }
  };
  return (preferredDay: number, preferredMinute: number, minutes: number, travel: number): { day: number; minute: number } | null => {
    for (let k = 0; k < 5; k++) {
      const day = (preferredDay + k) % 5;
      const minute = fits(day, preferredMinute, minutes + travel) ?? fits(day, DAY_START, minutes + travel);
      if (minute === null) continue;
      taken[day]!.push([minute, minute + minutes + travel]);
      return { day, minute };
    }
    return null;
  };
}

/**
 * One year of entries for users 0 (owner), 1 and 2 (consultants), each ended
 * by `now`. `standing` are the weekly appointments of the demo schedule (by
 * user index), which the logged work keeps clear of.
 */
export function demoHistory(
  now: number,
  timeZone: string,
  standing: readonly { user: number; weekday: number; start: number; end: number }[] = [],
): { entries: DemoEntry[]; charges: DemoCharge[] } {
  const rand = seededRandom(20261128);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const idx = (pred: (c: DemoClient) => boolean) => DEMO_CLIENTS.map((c, i) => (pred(c) ? i : -1)).filter((i) => i >= 0);
  const micro = idx((c) => c.seats <= 5 && !c.hasServer && c.status === 'active');
  const emerging = idx((c) => c.status === 'active' && c.monthlyRecurringCents < 40_000 && (c.seats > 5 || c.hasServer));
  const contract = idx((c) => c.status === 'active' && c.monthlyRecurringCents >= 40_000);
  const referred = idx((c) => c.status === 'referred_out');
  const entries: DemoEntry[] = [];
  const thisMonday = DateTime.fromMillis(now, { zone: timeZone }).startOf('week');

  for (let w = 52; w >= 0; w--) {
    const monday = thisMonday.minus({ weeks: w });
    const p = (52 - w) / 52; // 0 a year ago, 1 this week
    for (let user = 0; user < 3; user++) {
      const plan = weekPlanner(standing.filter((s) => s.user === user));
      const push = (clientIndex: number | null, category: TimeCategory, d: number, hour: number, minutes: number, description: string) => {
        const travel = clientIndex === null ? 0 : DEMO_CLIENTS[clientIndex]!.defaultTravelMinutes;
        const slot = plan(d, hour * 60 + pick([0, 15, 30, 45]), minutes, travel);
        if (!slot) return;
        const start = monday
          .plus({ days: slot.day })
          .set({ hour: Math.floor(slot.minute / 60), minute: slot.minute % 60 })
          .toMillis();
        // Only work already finished by now is logged.
        if (start + minutes * MINUTE_MS > now) return;
        entries.push({ userIndex: user, clientIndex, category, startedAt: start, minutes, travelMinutes: travel, description });
      };
      // Marketing slips: the owner from ~8 h to ~3 h a week, consultants from 2 h to under 1 h.
      const marketingMinutes = Math.round(((user === 0 ? 8 - 5 * p : 2 - 1.2 * p) * 60) / 15) * 15;
      for (let left = marketingMinutes, d = 0; left > 0; d = (d + 2) % 5) {
        const m = Math.min(left, 120);
        push(null, 'marketing', d, 8, m, pick(MARKETING));
        left -= m;
      }
      // Micro work creeps up: from ~3 h to ~10 h a week per person.
      const microMinutes = Math.round(((3 + 7 * p) * 60) / 15) * 15;
      for (let left = microMinutes, d = 1; left > 0; d = (d + 1) % 5) {
        const m = Math.min(left, pick([60, 90, 120]));
        const pool = w > 36 ? [...micro, ...referred] : micro;
        push(pick(pool), 'micro', d, 13, m, 'On-site support');
        left -= m;
      }
      // Steady sweet-spot and growing emerging work.
      push(pick(contract), 'sweet_spot', user * 2, 10, pick([120, 180]), 'Server maintenance and user support');
      if (rand() < 0.6) push(pick(emerging), 'sweet_spot', 3, 15, pick([60, 90, 120]), 'Network and workstation work');
      push(null, 'admin', 4, 16, 90, 'Invoicing and ordering');
    }
  }

  const charges: DemoCharge[] = [];
  for (let m = 12; m >= 0; m--) {
    const billedAt = DateTime.fromMillis(now, { zone: timeZone }).startOf('month').minus({ months: m }).plus({ hours: 9 }).toMillis();
    if (billedAt >= now) continue;
    DEMO_CLIENTS.forEach((client, i) => {
      if (client.monthlyRecurringCents > 0 && client.status === 'active')
        charges.push({ clientIndex: i, billedAt, amountCents: client.monthlyRecurringCents, description: 'Monthly managed services' });
    });
  }
  return { entries, charges };
}
