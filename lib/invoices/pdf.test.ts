import { describe, expect, it } from 'vitest';
import { pdfPageSize, pdfText } from '@/test/pdf-text';
import { invoicePdf, type InvoicePdfInput } from './pdf';
import { invoiceTotals, priceLine } from './totals';

const line = (
  kind: 'fixed' | 'expense' | 'discount',
  description: string,
  quantityMilli: number,
  unitPriceCents: number,
  taxRateMilli: number,
) => ({
  kind,
  description,
  minutes: null,
  quantityMilli,
  unitPriceCents,
  taxRateMilli,
  ...priceLine({ kind, quantityMilli, unitPriceCents, taxRateMilli }),
});

function invoice(extra: Partial<InvoicePdfInput> = {}): InvoicePdfInput {
  const lines = [
    {
      kind: 'time' as const,
      description: 'Tue Nov 3 — Printer fixed (1.5 h)',
      minutes: 90,
      quantityMilli: 1000,
      unitPriceCents: 0,
      taxRateMilli: 8_875,
      ...priceLine({ kind: 'time', timeAmountCents: 14_250, quantityMilli: 1000, unitPriceCents: 0, taxRateMilli: 8_875 }),
    },
    line('fixed', 'Trip fee', 1_000, 4_500, 8_875),
    line('discount', 'Loyalty discount', 1_000, 1_000, 0),
  ];
  return {
    paperSize: 'letter',
    firm: {
      name: 'Northside Computer Consulting',
      address: '12 Main St\nSpringfield, IL 62701',
      taxId: '36-1234567',
      paymentInstructions: 'Bank transfer to ACME Bank, account 001122',
    },
    client: { name: 'Harbor Yoga', contact: 'Dana Lee', address: '1 Pier Rd\nSpringfield, IL 62702', taxId: 'HY-998' },
    number: '2026-0007',
    issueDate: '2026-12-01',
    dueDate: '2026-12-31',
    periodStart: '2026-11-01',
    periodEnd: '2026-11-30',
    lines,
    ...invoiceTotals(lines),
    paidCents: 0,
    createdAt: Date.UTC(2026, 11, 1, 15),
    ...extra,
  };
}

describe('invoice PDF', () => {
  it('prints the number, the parties, every line with quantity, rate, tax and amount, the totals and the due date', async () => {
    const input = invoice();
    expect(input).toMatchObject({ subtotalCents: 17_750, taxCents: 1_664, totalCents: 19_414 }); // 1,264.69 + 399.38 → 1,265 + 399
    const { pages, text } = await pdfText(invoicePdf(input));
    expect(pages).toBe(1);
    for (const s of [
      'INVOICE',
      'No. 2026-0007',
      'Northside Computer Consulting',
      'Tax id 36-1234567',
      'Harbor Yoga',
      'Attn: Dana Lee',
      '1 Pier Rd',
      'Tax id HY-998',
      'Invoice date Tue Dec 1, 2026',
      'Due date Thu Dec 31, 2026',
      'Printer fixed (1.5 h) 1.5 h $95.00/h 8.875% $142.50',
      'Trip fee 1 $45.00 8.875% $45.00',
      'Loyalty discount 1 -$10.00 — -$10.00',
      'Subtotal $177.50',
      'Tax $16.64',
      'Total $194.14',
      'Amount due $194.14',
      'Please pay by Thu Dec 31, 2026, quoting invoice 2026-0007',
      'ACME Bank',
    ])
      expect(text).toContain(s);
    expect(text).not.toContain('DRAFT');
    expect(text).not.toContain('Paid');
  });

  it('shows what was paid and the balance when money was received', async () => {
    const { text } = await pdfText(invoicePdf(invoice({ paidCents: 10_000 })));
    expect(text).toContain('Paid -$100.00');
    expect(text).toContain('Amount due $94.14');
  });

  it('marks a draft plainly and gives it no number', async () => {
    const { text } = await pdfText(invoicePdf(invoice({ number: null, issueDate: null, dueDate: null })));
    expect(text).toContain('DRAFT');
    expect(text).toContain('Not yet an invoice');
    expect(text).not.toContain('2026-0007');
    expect(text).toContain('Total (draft) $194.14');
  });

  it('prints on the firm’s paper, gives the same bytes for the same invoice, and breaks a long invoice across pages', async () => {
    expect(await pdfPageSize(invoicePdf(invoice()))).toEqual([612, 792]);
    expect(await pdfPageSize(invoicePdf(invoice({ paperSize: 'a4' })))).toEqual([595, 842]);
    expect(invoicePdf(invoice()).equals(invoicePdf(invoice()))).toBe(true);
    const many = Array.from({ length: 60 }, (_, i) => line('expense', `Part ${i + 1}`, 1_000, 100, 0));
    const { pages, text } = await pdfText(invoicePdf(invoice({ lines: many, ...invoiceTotals(many) })));
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('Part 60');
    expect(text).toContain(`Page ${pages} of ${pages}`);
  });
});
