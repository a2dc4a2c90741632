import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInvoiceNumber, numberFormatProblem, sequenceScope } from './numbering';
import { invoiceState } from './status';
import { invoiceTotals, priceLine } from './totals';

describe('invoice numbers', () => {
  it('fills the year, month and padded sequence from the invoice date', () => {
    expect(formatInvoiceNumber('{YYYY}-{seq:4}', 7, '2026-12-01')).toBe('2026-0007');
    expect(formatInvoiceNumber('INV-{YY}{MM}-{seq}', 12, '2027-03-15')).toBe('INV-2703-12');
    expect(formatInvoiceNumber('{seq:3}', 1234, '2026-01-01')).toBe('1234'); // never truncated
  });

  it('restarts the sequence each year only when the format shows the year', () => {
    expect(sequenceScope('{YYYY}-{seq:4}', '2026-12-31')).toBe('2026');
    expect(sequenceScope('{YY}{seq:3}', '2027-01-01')).toBe('2027');
    expect(sequenceScope('INV-{seq:5}', '2027-01-01')).toBe('');
  });

  it('refuses a format that cannot number invoices, saying why', () => {
    expect(numberFormatProblem('{YYYY}-{seq:4}')).toBeNull();
    expect(numberFormatProblem('INV #{seq}')).toBeNull();
    expect(numberFormatProblem('')).toMatch(/Enter a format/);
    expect(numberFormatProblem('{YYYY}')).toMatch(/exactly one \{seq\}/);
    expect(numberFormatProblem('{seq}-{seq}')).toMatch(/exactly one \{seq\}/);
    expect(numberFormatProblem('{seq:0}')).toMatch(/width/);
    expect(numberFormatProblem('{DD}-{seq}')).toMatch(/braces/);
    expect(numberFormatProblem('a/{seq}')).toMatch(/outside the braces/);
    expect(numberFormatProblem(`${'x'.repeat(40)}{seq}`)).toMatch(/40 characters/);
  });
});

describe('invoice totals', () => {
  it('prices each line once and adds the rounded lines', () => {
    const lines = [
      priceLine({ kind: 'time', timeAmountCents: 14_250, quantityMilli: 1000, unitPriceCents: 0, taxRateMilli: 8_875 }),
      priceLine({ kind: 'fixed', quantityMilli: 1_000, unitPriceCents: 4_999, taxRateMilli: 8_875 }),
      priceLine({ kind: 'discount', quantityMilli: 1_000, unitPriceCents: 1_000, taxRateMilli: 8_875 }),
      priceLine({ kind: 'expense', quantityMilli: 2_500, unitPriceCents: 1_999, taxRateMilli: 0 }),
    ];
    expect(lines).toEqual([
      { amountCents: 14_250, taxCents: 1_265 }, // 1,264.69
      { amountCents: 4_999, taxCents: 444 }, // 443.66
      { amountCents: -1_000, taxCents: -89 }, // -88.75
      { amountCents: 4_998, taxCents: 0 }, // 49.975 → 49.98
    ]);
    expect(invoiceTotals(lines)).toEqual({ subtotalCents: 23_247, taxCents: 1_620, totalCents: 24_867 });
  });

  it('the total is always the sum of the lines (property)', () => {
    const line = fc.record({
      kind: fc.constantFrom('fixed' as const, 'expense' as const, 'discount' as const),
      quantityMilli: fc.integer({ min: 1, max: 100_000 }),
      unitPriceCents: fc.integer({ min: 0, max: 1_000_000 }),
      taxRateMilli: fc.integer({ min: 0, max: 30_000 }),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (inputs) => {
        const priced = inputs.map(priceLine);
        const totals = invoiceTotals(priced);
        expect(totals.totalCents).toBe(priced.reduce((s, l) => s + l.amountCents + l.taxCents, 0));
        expect(totals.totalCents).toBe(totals.subtotalCents + totals.taxCents);
        priced.forEach((l, i) => expect(Math.sign(l.amountCents) <= 0).toBe(inputs[i]!.kind === 'discount' || l.amountCents === 0));
      }),
    );
  });
});

describe('invoice state', () => {
  const open = { status: 'finalised' as const, totalCents: 10_000, dueDate: '2026-12-31', sentAt: null };
  it('follows payments and the due date', () => {
    expect(invoiceState({ ...open, status: 'draft' }, 0, '2026-12-01')).toBe('draft');
    expect(invoiceState({ ...open, status: 'void' }, 10_000, '2026-12-01')).toBe('void');
    expect(invoiceState(open, 0, '2026-12-01')).toBe('open');
    expect(invoiceState({ ...open, sentAt: 1 }, 0, '2026-12-01')).toBe('sent');
    expect(invoiceState(open, 2_500, '2026-12-01')).toBe('partially_paid');
    expect(invoiceState(open, 10_000, '2027-02-01')).toBe('paid');
    expect(invoiceState(open, 2_500, '2027-01-01')).toBe('overdue');
    expect(invoiceState(open, 0, '2026-12-31')).toBe('open'); // due today is not overdue
  });
});
