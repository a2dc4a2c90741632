import { and, eq, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { UserFacingError } from '@/lib/errors';
import { ForbiddenError } from '@/lib/permissions';
import { localToInstant } from '@/lib/time/zoned';
import { callAtOnce } from '@/test/at-once';
import { asMember, firmRows, makeFirm, makeUser } from '@/test/factories';
import { createContract, endContract, listContracts, type ContractInput } from './contracts';
import { finaliseInvoice, voidInvoice } from './invoice-lifecycle';
import { getInvoice } from './invoices';
import { prepareMonthInvoices } from './prepare-invoices';

const ZONE = 'America/Chicago'; // the factories' firm zone
const MONTH = '2026-11';

function setup() {
  const firm = makeFirm();
  const owner = asMember(makeUser(firm.id, 'owner'));
  const staff = asMember(makeUser(firm.id, 'staff'));
  const ana = asMember(makeUser(firm.id, 'consultant', { name: 'Ana' }));
  const client = (name: string, seats: number) =>
    getDb()
      .insert(schema.clients)
      .values({ firmId: firm.id, name, seats, tier: seats >= 10 ? 'sweet_spot' : 'micro', tierReason: '', hourlyRateCents: 12_000 })
      .returning()
      .get();
  const entry = (clientId: number, date: string, minutes: number) =>
    getDb()
      .insert(schema.timeEntries)
      .values({
        firmId: firm.id,
        userId: ana.userId,
        clientId,
        category: 'micro',
        startedAt: localToInstant(date, 9 * 60, ZONE),
        minutes,
        amountCents: minutes * 200,
        description: 'Work',
      })
      .returning()
      .get();
  const contract = (clientId: number, over: Partial<ContractInput> = {}): ContractInput => ({
    clientId,
    name: 'Managed services',
    startDate: '2026-01-01',
    endDate: null,
    monthlyFeeCents: 60_000,
    perSeatCents: 1_500,
    includedMinutes: 0,
    overageRateCents: null,
    ...over,
  });
  return { firm, owner, staff, ana, client, entry, contract };
}

const prepared = (firmId: number) =>
  getDb()
    .select()
    .from(schema.invoices)
    .where(and(eq(schema.invoices.firmId, firmId), eq(schema.invoices.preparedFor, MONTH), ne(schema.invoices.status, 'void')))
    .all();

describe('contracts', () => {
  it('are kept per client by those who invoice, and refused to consultants and other firms with nothing written', () => {
    const { firm, staff, ana, client, contract } = setup();
    const acme = client('Acme Dental', 14);
    const id = createContract(staff, contract(acme.id));
    expect(listContracts(staff, acme.id).map((c) => [c.id, c.monthlyFeeCents, c.perSeatCents])).toEqual([[id, 60_000, 1_500]]);

    const other = setup();
    const before = firmRows(firm.id, other.firm.id);
    expect(() => createContract(ana, contract(acme.id))).toThrow(ForbiddenError);
    expect(() => createContract(other.staff, contract(acme.id))).toThrow(UserFacingError); // "Choose a client from the list."
    expect(() => endContract(other.staff, id, '2026-12-31')).toThrow(/not found/i);
    expect(() => endContract(staff, id, '2025-12-31')).toThrow(/on or after/);
    expect(firmRows(firm.id, other.firm.id)).toBe(before);

    endContract(staff, id, '2026-10-31');
    expect(listContracts(staff, acme.id)[0]!.endDate).toBe('2026-10-31');
  });
});

describe('prepare this month’s invoices', () => {
  it('makes a draft per client with an active contract or unbilled work, and bills each entry once', async () => {
    const { firm, staff, client, entry, contract } = setup();
    const acme = client('Acme Dental', 14);
    const yoga = client('Harbor Yoga', 3);
    const idle = client('Idle Co', 2);
    const ended = client('Gone Ltd', 12);
    createContract(staff, contract(acme.id));
    createContract(staff, contract(ended.id, { endDate: '2026-10-31' }));
    const work = [entry(yoga.id, '2026-11-03', 90), entry(yoga.id, '2026-10-20', 30), entry(acme.id, '2026-11-05', 60)];
    const later = entry(yoga.id, '2026-12-02', 60);

    const steps: number[] = [];
    const result = await prepareMonthInvoices(staff, MONTH, (p) => steps.push(p.done));
    expect(result.created).toBe(2);
    expect(steps.at(-1)).toBe(2);
    const byClient = new Map(prepared(firm.id).map((i) => [i.clientId, i]));
    expect([...byClient.keys()].sort()).toEqual([acme.id, yoga.id].sort());
    expect(byClient.has(idle.id) || byClient.has(ended.id)).toBe(false);

    const acmeLines = getInvoice(staff, byClient.get(acme.id)!.id).lines;
    expect(acmeLines.map((l) => [l.kind, l.amountCents])).toEqual([
      ['fixed', 60_000],
      ['fixed', 21_000], // 14 seats × $15
      ['time', 12_000],
    ]);
    expect(byClient.get(acme.id)!.totalCents).toBe(93_000);
    expect(byClient.get(yoga.id)).toMatchObject({
      periodStart: '2026-10-20',
      periodEnd: '2026-11-30',
      totalCents: 30_000, // 90 min, and 30 min billed as the micro tier's 1 h minimum, at $120/h
      contractId: null,
    });
    const billed = getDb().select().from(schema.timeEntries).where(eq(schema.timeEntries.firmId, firm.id)).all();
    expect(
      billed
        .filter((e) => e.invoiceLineId !== null)
        .map((e) => e.id)
        .sort(),
    ).toEqual(work.map((e) => e.id).sort());
    expect(billed.find((e) => e.id === later.id)!.invoiceLineId).toBeNull();
  });

  it('running it again makes nothing new; a voided one is prepared again with its entries', async () => {
    const { firm, owner, staff, client, entry, contract } = setup();
    const acme = client('Acme Dental', 14);
    createContract(staff, contract(acme.id));
    entry(acme.id, '2026-11-05', 60);
    await prepareMonthInvoices(staff, MONTH);
    const before = firmRows(firm.id);
    expect((await prepareMonthInvoices(owner, MONTH)).created).toBe(0);
    expect(firmRows(firm.id)).toBe(before);

    const [first] = prepared(firm.id);
    finaliseInvoice(staff, first!.id);
    voidInvoice(staff, first!.id, 'Wrong seats');
    expect((await prepareMonthInvoices(staff, MONTH)).created).toBe(1);
    const [again] = prepared(firm.id);
    expect(again!.id).not.toBe(first!.id);
    expect(getInvoice(staff, again!.id).lines.map((l) => l.kind)).toEqual(['fixed', 'fixed', 'time']);
  });

  it('is refused to consultants and for a month that is not one, with nothing written', async () => {
    const { firm, staff, ana, client, contract } = setup();
    createContract(staff, contract(client('Acme Dental', 14).id));
    const before = firmRows(firm.id);
    await expect(prepareMonthInvoices(ana, MONTH)).rejects.toThrow(ForbiddenError);
    await expect(prepareMonthInvoices(staff, '2026-13')).rejects.toThrow(/Choose a month/);
    expect(firmRows(firm.id)).toBe(before);
  });

  it('run twice at the same moment, makes one draft per client', async () => {
    const { firm, owner, staff, client, entry, contract } = setup();
    for (let i = 0; i < 5; i++) {
      const c = client(`Client ${i}`, 12);
      createContract(staff, contract(c.id));
      entry(c.id, '2026-11-10', 45);
    }
    const answers = (await callAtOnce([
      ['prepareMonthInvoices', [staff, MONTH]],
      ['prepareMonthInvoices', [owner, MONTH]],
    ])) as { created: number }[];
    // The two runs may share the work, slice by slice; together they make each client's draft exactly once.
    expect(answers[0]!.created + answers[1]!.created).toBe(5);
    expect(new Set(prepared(firm.id).map((i) => i.clientId)).size).toBe(5);
    expect(prepared(firm.id)).toHaveLength(5);
  }, 60_000);
});
