import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import { assertCan, NotFoundError } from '@/lib/permissions';
import type { BillingSettingsInput } from '@/lib/validations/billing';
import { writeChangesAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

const billingColumns = {
  invoiceNumberFormat: schema.firms.invoiceNumberFormat,
  defaultTaxRateMilli: schema.firms.defaultTaxRateMilli,
  paymentTermsDays: schema.firms.paymentTermsDays,
  billingAddress: schema.firms.billingAddress,
  taxId: schema.firms.taxId,
  paymentInstructions: schema.firms.paymentInstructions,
  paperSize: schema.firms.paperSize,
};

export type BillingSettings = BillingSettingsInput;

/** How the firm invoices: number format, default tax, terms and what is printed. Read by those who invoice. */
export function getBillingSettings(member: Member): BillingSettings {
  assertCan(member.role, 'invoices.read');
  const row = getDb().select(billingColumns).from(schema.firms).where(eq(schema.firms.id, member.firmId)).get();
  if (!row) throw new NotFoundError('The firm');
  return row;
}

/** Changes the caller's own firm's billing settings (owner only), audited with what changed. Finalised invoices keep what they printed. */
export function updateBillingSettings(member: Member, input: BillingSettingsInput): void {
  assertCan(member.role, 'firm.settings');
  writeTransaction((tx) => {
    const before = tx.select(billingColumns).from(schema.firms).where(eq(schema.firms.id, member.firmId)).get();
    if (!before) throw new NotFoundError('The firm');
    tx.update(schema.firms).set(input).where(eq(schema.firms.id, member.firmId)).run();
    writeChangesAudit(tx, member, { action: 'firm.billing_updated', entity: 'firm', id: member.firmId }, before, input);
  });
}
