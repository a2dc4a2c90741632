import { describe, expect, it } from 'vitest';
import { pdfText } from '@/test/pdf-text';
import { clientStatement } from './statement';
import { statementPdf } from './statement-pdf';

const invoices = [
  { number: '2026-0001', issueDate: '2026-01-05', dueDate: '2026-02-04', totalCents: 30_000 },
  { number: '2026-0002', issueDate: '2026-02-03', dueDate: '2026-03-05', totalCents: 12_500 },
  { number: '2026-0003', issueDate: '2026-03-01', dueDate: '2026-03-31', totalCents: 8_000 },
  { number: '2026-0004', issueDate: '2026-04-02', dueDate: '2026-05-02', totalCents: 99_999 }, // after the period
];
const payments = [
  { invoiceNumber: '2026-0001', receivedOn: '2026-01-20', amountCents: 10_000, method: 'check', reference: '101' },
  { invoiceNumber: '2026-0001', receivedOn: '2026-02-03', amountCents: 20_000, method: 'bank_transfer', reference: '' },
  { invoiceNumber: '2026-0002', receivedOn: '2026-03-10', amountCents: 5_000, method: 'card', reference: '' },
];

describe('client statement', () => {
  it('carries the balance from before the period, runs it through each invoice and payment, and ends with what is owed', () => {
    const s = clientStatement(invoices, payments, '2026-02-01', '2026-03-31');
    expect(s.openingCents).toBe(20_000); // 300.00 invoiced, 100.00 paid before Feb 1
    expect(s.rows.map((r) => [r.date, r.kind, r.chargeCents, r.paymentCents, r.balanceCents])).toEqual([
      ['2026-02-03', 'invoice', 12_500, 0, 32_500], // the invoice of the day before the payment of the day
      ['2026-02-03', 'payment', 0, 20_000, 12_500],
      ['2026-03-01', 'invoice', 8_000, 0, 20_500],
      ['2026-03-10', 'payment', 0, 5_000, 15_500],
    ]);
    expect(s.closingCents).toBe(15_500);
  });

  it('prints as a PDF with the running balance and the amount due', async () => {
    const statement = clientStatement(invoices, payments, '2026-02-01', '2026-03-31');
    const bytes = statementPdf({
      paperSize: 'letter',
      firm: {
        name: 'Northside Computer Consulting',
        address: '12 Main St',
        taxId: '36-1234567',
        paymentInstructions: 'Check to Northside',
      },
      client: { name: 'Harbor Yoga', contact: '', address: '1 Pier Rd', taxId: '' },
      statement,
      createdAt: 0,
    });
    const { text } = await pdfText(bytes);
    for (const s of [
      'STATEMENT',
      'Harbor Yoga',
      'Balance brought forward $200.00',
      'Invoice 2026-0002 (due Thu Mar 5, 2026) $125.00 $325.00',
      'Payment on 2026-0001, bank transfer $200.00 $125.00',
      'Payment on 2026-0002, card $50.00 $155.00',
      'Amount due on Tue Mar 31, 2026 $155.00',
    ])
      expect(text).toContain(s);
    expect(text).not.toContain('2026-0004');
  });
});
