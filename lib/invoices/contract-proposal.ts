import { addDays, type LocalDate } from '@/lib/time/zoned';

/** What the contract form is filled with when a client has grown into the sweet spot (the person reviews it before it is made). */
export type ContractDraft = {
  name: string;
  startDate: LocalDate;
  monthlyFeeCents: number;
  includedMinutes: number;
  overageRateCents: number;
};

/**
 * A monthly contract drafted from the client's last 12 months: its billed
 * hours averaged over the months, rounded up to whole hours, are included for
 * a fee of those hours at its rate (in whole dollars), so the client pays
 * what it has been paying, now as steady monthly income, and time beyond
 * them is billed at the same rate. It starts on the first of next month (a
 * contract bills whole months). Seats are named, not priced: a per-seat price
 * is the firm's choice to add.
 */
export function draftContract(facts: { billedMinutes12m: number; rateCents: number; seats: number; today: LocalDate }): ContractDraft {
  const hoursPerMonth = Math.max(1, Math.ceil(facts.billedMinutes12m / 12 / 60));
  const firstOfThisMonth = `${facts.today.slice(0, 7)}-01`;
  const startDate = `${addDays(firstOfThisMonth, 31).slice(0, 7)}-01`;
  return {
    name: `Managed services (${facts.seats} seat${facts.seats === 1 ? '' : 's'})`,
    startDate,
    monthlyFeeCents: Math.round((hoursPerMonth * facts.rateCents) / 100) * 100,
    includedMinutes: hoursPerMonth * 60,
    overageRateCents: facts.rateCents,
  };
}
