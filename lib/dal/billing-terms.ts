import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import type { Tier } from '@/db/schema';
import { termsForClient, tierTermsFrom, type BillingTerms, type EffectiveTerms, type TierTerms } from '@/lib/invoices/terms';
import { assertCan, NotFoundError } from '@/lib/permissions';
import { tierOrder } from '@/lib/tiers';
import { getClientOrThrow } from './internal/records';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

/*
 * Billing terms that follow the tier: the firm's terms per tier, a client's
 * own terms when it has a reason for them, and the terms a client's next
 * invoice will use. Drafts read the terms in force when they are made
 * (termsInForce, inside the draft's transaction), so a change of tier or of
 * terms reaches the next invoice and never one already made.
 */

function firmTierTerms(conn: Conn, firmId: number): TierTerms {
  const row = conn.select({ t: schema.firms.tierTerms }).from(schema.firms).where(eq(schema.firms.id, firmId)).get();
  if (!row) throw new NotFoundError('The firm');
  return tierTermsFrom(row.t);
}

/** The terms in force for a client now: its own, or its tier's. The caller has checked the client is the firm's. */
export function termsInForce(conn: Conn, firmId: number, client: { tier: Tier; termsOverride: unknown }): EffectiveTerms {
  return termsForClient(client, firmTierTerms(conn, firmId));
}

/** The firm's terms per tier (those who invoice). */
export function getTierTerms(member: Member): TierTerms {
  assertCan(member.role, 'invoices.read');
  return firmTierTerms(getDb(), member.firmId);
}

/** Sets the firm's terms per tier (owner only), audited with the fields that changed ("micro.minimumMinutes": 60 → 30). */
export function updateTierTerms(member: Member, input: TierTerms): void {
  assertCan(member.role, 'firm.settings');
  writeTransaction((tx) => {
    const before = firmTierTerms(tx, member.firmId);
    const after = tierTermsFrom(input);
    const changed = tierOrder.flatMap((tier) =>
      (Object.keys(after[tier]) as (keyof BillingTerms)[])
        .filter((k) => before[tier][k] !== after[tier][k])
        .map((k) => [`${tier}.${k}`, before[tier][k], after[tier][k]] as const),
    );
    if (changed.length === 0) return;
    tx.update(schema.firms).set({ tierTerms: after }).where(eq(schema.firms.id, member.firmId)).run();
    writeAudit(tx, member, {
      action: 'firm.tier_terms_updated',
      entity: 'firm',
      id: member.firmId,
      before: Object.fromEntries(changed.map(([k, b]) => [k, b])),
      after: Object.fromEntries(changed.map(([k, , a]) => [k, a])),
    });
  });
}

export type ClientTermsInput = { clientId: number; terms: BillingTerms | null; reason: string | null };

/** Gives a client its own terms (with a reason) or returns it to its tier's (terms null), audited before and after. */
export function setClientTerms(member: Member, input: ClientTermsInput): void {
  assertCan(member.role, 'invoices.write');
  writeTransaction((tx) => {
    const client = getClientOrThrow(tx, member, input.clientId);
    const next = { termsOverride: input.terms, termsOverrideReason: input.terms ? input.reason : null };
    tx.update(schema.clients)
      .set(next)
      .where(and(eq(schema.clients.id, client.id), eq(schema.clients.firmId, member.firmId)))
      .run();
    writeAudit(tx, member, {
      action: 'client.terms_changed',
      entity: 'client',
      id: client.id,
      before: { termsOverride: client.termsOverride, termsOverrideReason: client.termsOverrideReason },
      after: next,
    });
  });
}

export type ClientTerms = EffectiveTerms & {
  reason: string | null;
  /** The client's latest tier change, which the next invoice follows. */
  lastTierChange: { at: number; fromTier: Tier | null; toTier: Tier } | null;
};

/** What the client page shows: the terms the next invoice will use, why, and the tier change behind them. */
export function getClientTerms(member: Member, clientId: number): ClientTerms {
  assertCan(member.role, 'invoices.read');
  const db = getDb();
  const client = getClientOrThrow(db, member, clientId);
  const lastTierChange =
    db
      .select({ at: schema.tierChanges.at, fromTier: schema.tierChanges.fromTier, toTier: schema.tierChanges.toTier })
      .from(schema.tierChanges)
      .where(and(eq(schema.tierChanges.firmId, member.firmId), eq(schema.tierChanges.clientId, client.id)))
      .orderBy(desc(schema.tierChanges.at), desc(schema.tierChanges.id))
      .get() ?? null;
  const effective = termsInForce(db, member.firmId, client);
  return { ...effective, reason: effective.source === 'client' ? client.termsOverrideReason : null, lastTierChange };
}
