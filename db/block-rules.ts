import type Database from 'better-sqlite3';
import { legacyRule } from '../lib/time/recurrence';

/**
 * Rows an older release wrote have no RFC 5545 rule: their `repeat` and
 * `weekday` (and `last_date` as the end) said the same thing. Fills the
 * equivalent rule in, once, after migrations (generated SQL cannot compute
 * it), so every stored block carries its rule. Rows written directly by
 * older tools later are still read correctly (recurrence.ts derives the rule).
 */
export function upgradeBlockRules(sqlite: Database.Database): number {
  const hasColumn =
    (sqlite.prepare("select count(*) from pragma_table_info('marketing_blocks') where name = 'rrule'").pluck().get() as number) > 0;
  if (!hasColumn) return 0;
  const rows = sqlite
    .prepare('select id, repeat, weekday, first_date as firstDate, last_date as lastDate from marketing_blocks where rrule is null')
    .all() as { id: number; repeat: string; weekday: number; firstDate: string; lastDate: string | null }[];
  if (!rows.length) return 0;
  const set = sqlite.prepare('update marketing_blocks set rrule = ?, last_date = ? where id = ?');
  sqlite.transaction(() => {
    for (const r of rows) set.run(legacyRule(r.repeat, r.weekday, r.lastDate), r.repeat === 'once' ? r.firstDate : r.lastDate, r.id);
  })();
  return rows.length;
}
