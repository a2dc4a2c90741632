import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { getDb, schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { assertCan, NotFoundError } from '@/lib/permissions';
import type { MonthlyContract } from '@/lib/invoices/prepare';
import type { LocalDate } from '@/lib/time/zoned';
import { getChosenClientOrThrow, getClientOrThrow } from './internal/records';
import { writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

/** A new contract: what the month's preparation bills (lib/invoices/prepare.ts), without its id. */
export type ContractInput = Omit<MonthlyContract, 'id'>;

export type ContractRow = typeof schema.contracts.$inferSelect;

/** A client's contracts, oldest first (those who invoice). */
export function listContracts(member: Member, clientId: number): ContractRow[] {
  assertCan(member.role, 'invoices.read');
  const db = getDb();
  getClientOrThrow(db, member, clientId);
  return db
    .select()
    .from(schema.contracts)
    .where(and(eq(schema.contracts.firmId, member.firmId), eq(schema.contracts.clientId, clientId)))
    .orderBy(asc(schema.contracts.startDate), asc(schema.contracts.id))
    .all();
}

/** Starts a monthly contract for one of the firm's clients; "prepare this month's invoices" bills it from its first month. */
export function createContract(member: Member, input: ContractInput): number {
  assertCan(member.role, 'invoices.write');
  return writeTransaction((tx) => {
    const client = getChosenClientOrThrow(tx, member, input.clientId);
    const row = tx
      .insert(schema.contracts)
      .values({ ...input, firmId: member.firmId, clientId: client.id })
      .returning({ id: schema.contracts.id })
      .get();
    writeAudit(tx, member, { action: 'contract.created', entity: 'contract', id: row.id, after: input });
    return row.id;
  });
}

/** Ends a contract on a day (its last billed month is the one that day is in). Months already prepared keep their drafts. */
export function endContract(member: Member, contractId: number, endDate: LocalDate): void {
  assertCan(member.role, 'invoices.write');
  writeTransaction((tx) => {
    const contract = tx
      .select()
      .from(schema.contracts)
      .where(and(eq(schema.contracts.id, contractId), eq(schema.contracts.firmId, member.firmId)))
      .get();
    if (!contract) throw new NotFoundError('The contract');
    if (endDate < contract.startDate) throw new UserFacingError('The last day must be on or after the contract’s first day.', 'endDate');
    tx.update(schema.contracts).set({ endDate }).where(eq(schema.contracts.id, contract.id)).run();
    writeAudit(tx, member, {
      action: 'contract.ended',
      entity: 'contract',
      id: contract.id,
      before: { endDate: contract.endDate },
      after: { endDate },
    });
  });
}
