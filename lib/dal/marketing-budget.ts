import 'server-only';
import { getDb } from '@/db';
import { assertCan } from '@/lib/permissions';
import { weekLabel } from '@/lib/time/format';
import { weekBoundaries } from '@/lib/time/zoned';
import { LEDGER_WEEKS } from '@/lib/planning/marketing-budget';
import type { DashboardScope } from './dashboard';
import { firmTimeZone } from './internal/firm';
import { budgetRows, type BudgetPersonDTO } from './internal/marketing-budget-rows';
import { cached } from './internal/metrics-cache';
import { schedulablePeople } from './internal/people';
import type { Member } from './session';

/**
 * The marketing budget as the dashboard and Today show it (the rows are
 * ./internal/marketing-budget-rows.ts): per person, or every person of the
 * firm with the firm's 12-week trend of micro hours that displaced marketing.
 */

export type { BudgetPersonDTO };
export type MarketingBudgetDTO = { people: BudgetPersonDTO[]; firmTrend: { start: number; minutes: number }[] };

export function getMarketingBudget(member: Member, scope: DashboardScope, now = Date.now()): MarketingBudgetDTO {
  assertCan(member.role, scope.kind === 'user' && scope.userId === member.userId ? 'dashboard.own' : 'dashboard.firm');
  const db = getDb();
  const zone = firmTimeZone(db, member.firmId);
  const everyone = schedulablePeople(db, member.firmId);
  const people = scope.kind === 'firm' ? everyone : everyone.filter((p) => p.id === scope.userId);
  const rows = budgetRows(db, member.firmId, zone, people, now);
  const bounds = weekBoundaries(now, zone, LEDGER_WEEKS);
  const firmTrend = bounds.slice(0, -2).map((start, i) => ({ start, minutes: rows.reduce((s, r) => s + (r.trend[i]?.minutes ?? 0), 0) }));
  return { people: rows, firmTrend };
}

/** The budget rows and trend as the dashboard draws them (week labels in the firm's zone). */
export function budgetView(member: Member, scope: DashboardScope, now = Date.now()) {
  assertCan(member.role, scope.kind === 'user' && scope.userId === member.userId ? 'dashboard.own' : 'dashboard.firm');
  // Reused while nothing is written and the week is the same (see metrics-cache.ts).
  const key = `marketing-budget:${scope.kind === 'firm' ? 'firm' : scope.userId}`;
  const data = cached(key, member.firmId, now, () => getMarketingBudget(member, scope, now));
  const zone = firmTimeZone(getDb(), member.firmId);
  const trend = scope.kind === 'firm' ? data.firmTrend : (data.people[0]?.trend ?? []);
  return { people: data.people, trend: trend.map((t) => ({ label: weekLabel(t.start, zone), minutes: t.minutes })) };
}
