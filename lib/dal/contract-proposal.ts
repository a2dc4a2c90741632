import 'server-only';
import { getDb } from '@/db';
import { draftContract, type ContractDraft } from '@/lib/invoices/contract-proposal';
import { assertCan } from '@/lib/permissions';
import { localDate, monthsBefore, today } from '@/lib/time/zoned';
import { firmTimeZone } from './internal/firm';
import { getClientOrThrow } from './internal/records';
import type { Member } from './session';

export type ContractProposal = {
  draft: ContractDraft;
  /** When the client moved from micro into the sweet spot. */
  movedAt: number;
  /** Hours billed in the last 12 months (finalised invoices' time lines, and billable time not yet on one). */
  billedMinutes12m: number;
};

/**
 * A contract to propose for a client that has just crossed from micro into
 * the sweet spot (its latest tier change) and has no contract running today
 * or later: drafted from its last 12 months of billed hours, for the person
 * to review on the contract form and create with one click. Null otherwise.
 */
export function contractProposal(member: Member, clientId: number, now = Date.now()): ContractProposal | null {
  assertCan(member.role, 'invoices.write');
  const db = getDb();
  const client = getClientOrThrow(db, member, clientId);
  if (client.tier !== 'sweet_spot') return null;
  const sqlite = db.$client;
  const move = sqlite
    .prepare('select from_tier as fromTier, to_tier as toTier, at from tier_changes where client_id = ? order by at desc, id desc limit 1')
    .get(client.id) as { fromTier: string | null; toTier: string; at: number } | undefined;
  if (!move || move.fromTier !== 'micro' || move.toTier !== 'sweet_spot') return null;
  const zone = firmTimeZone(db, member.firmId);
  const on = today(zone, now);
  const running = sqlite
    .prepare('select 1 from contracts where client_id = ? and firm_id = ? and (end_date is null or end_date >= ?) limit 1')
    .get(client.id, member.firmId, on);
  if (running) return null;
  const since = monthsBefore(now, zone, 12);
  const { minutes } = sqlite
    .prepare(
      `select coalesce((select sum(l.minutes) from invoice_lines l join invoices i on i.id = l.invoice_id
                         where i.client_id = @clientId and i.status = 'finalised' and l.kind = 'time' and i.issue_date >= @sinceDate and i.issue_date <= @on), 0)
            + coalesce((select sum(te.minutes) from time_entries te
                         where te.client_id = @clientId and te.amount_cents > 0 and te.category not in ('marketing', 'admin')
                           and te.started_at >= @since and te.started_at < @now
                           and not exists (select 1 from invoice_lines l join invoices i on i.id = l.invoice_id
                                            where l.id = te.invoice_line_id and i.status = 'finalised')), 0) as minutes`,
    )
    .get({ clientId: client.id, since, now, on, sinceDate: localDate(since, zone) }) as { minutes: number };
  const firm = sqlite.prepare('select target_hourly_rate_cents as rate from firms where id = ?').get(member.firmId) as { rate: number };
  return {
    draft: draftContract({ billedMinutes12m: minutes, rateCents: client.hourlyRateCents ?? firm.rate, seats: client.seats, today: on }),
    movedAt: move.at,
    billedMinutes12m: minutes,
  };
}
