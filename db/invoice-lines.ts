import { inArray } from 'drizzle-orm';
import type { PlannedDraft } from '../lib/invoices/prepare';
import type { Conn } from './index';
import * as schema from './schema';

/**
 * Writes one planned line of a draft (priced by lib/invoices/totals.ts) and
 * marks its time entries billed on it. Shared by "prepare the month"
 * (lib/dal/internal/prepare-month.ts) and the demo's invoice history
 * (db/demo-invoices.ts). Plain module: the seed and the jobs worker use it.
 */
export function insertPlannedLine(
  tx: Conn,
  at: { firmId: number; invoiceId: number; position: number },
  line: PlannedDraft['lines'][number],
  priced: { amountCents: number; taxCents: number },
): number {
  const { kind, description, quantityMilli, unitPriceCents, minutes, taxRateMilli } = line;
  const row = tx
    .insert(schema.invoiceLines)
    .values({ ...at, kind, description, quantityMilli, unitPriceCents, minutes, taxRateMilli, ...priced })
    .returning({ id: schema.invoiceLines.id })
    .get();
  if (line.entryIds.length > 0)
    tx.update(schema.timeEntries).set({ invoiceLineId: row.id }).where(inArray(schema.timeEntries.id, line.entryIds)).run();
  return row.id;
}
