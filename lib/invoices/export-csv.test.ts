import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { checkExportRequest } from './export-request';
import { decimal, exportCsv, plainCsv, qboCsv, xeroCsv, type ExportInvoice, type ExportPayment } from './export-csv';

const invoice: ExportInvoice = {
  number: '2026-0007',
  clientName: '=HYPERLINK("http://evil")',
  issueDate: '2026-12-01',
  dueDate: '2026-12-31',
  periodStart: '2026-11-01',
  periodEnd: '2026-11-30',
  status: 'finalised',
  subtotalCents: 13_750,
  taxCents: 1_265,
  totalCents: 15_015,
  lines: [
    {
      kind: 'time',
      description: 'Tue Nov 3 — Printer fixed (1.5 h)',
      minutes: 90,
      quantityMilli: 1000,
      unitPriceCents: 0,
      amountCents: 14_250,
      taxRateMilli: 8_875,
      taxCents: 1_265,
    },
    {
      kind: 'discount',
      description: '-10 loyalty',
      minutes: null,
      quantityMilli: 1000,
      unitPriceCents: 500,
      amountCents: -500,
      taxRateMilli: 0,
      taxCents: 0,
    },
  ],
};
const voided: ExportInvoice = { ...invoice, number: '2026-0006', clientName: 'Void Co', status: 'void', issueDate: '2026-11-20' };
const payment: ExportPayment = {
  invoiceNumber: '2026-0007',
  clientName: 'Harbor Yoga',
  receivedOn: '2026-12-02',
  amountCents: 5_000,
  method: 'check',
  reference: '@SUM(A1)',
  reversed: false,
};

const parse = (text: string) => Papa.parse<string[]>(text.replace(/^\uFEFF/, '').trim(), { header: false }).data;

describe('accountant exports', () => {
  it('writes amounts from cents exactly', () => {
    expect([decimal(0), decimal(5), decimal(-500), decimal(1_005), decimal(123_456_789)]).toEqual([
      '0.00',
      '0.05',
      '-5.00',
      '10.05',
      '1234567.89',
    ]);
  });

  it('QuickBooks Online: its invoice import columns, one row per line, void invoices left out, formulas neutralised', () => {
    const [header, ...rows] = parse(qboCsv([invoice, voided]));
    expect(header).toEqual([
      'InvoiceNo',
      'Customer',
      'InvoiceDate',
      'DueDate',
      'Terms',
      'Memo',
      'Item(Product/Service)',
      'ItemDescription',
      'ItemQuantity',
      'ItemRate',
      'ItemAmount',
      'ItemTaxCode',
      'ItemTaxAmount',
      'Service Date',
    ]);
    expect(rows).toEqual([
      [
        '2026-0007',
        `'=HYPERLINK("http://evil")`,
        '12/01/2026',
        '12/31/2026',
        '',
        '',
        'Services',
        'Tue Nov 3 — Printer fixed (1.5 h)',
        '1',
        '142.50',
        '142.50',
        'TAX',
        '12.65',
        '11/30/2026',
      ],
      [
        '2026-0007',
        `'=HYPERLINK("http://evil")`,
        '12/01/2026',
        '12/31/2026',
        '',
        '',
        'Services',
        `'-10 loyalty`,
        '1',
        '-5.00',
        '-5.00',
        'NON',
        '0.00',
        '11/30/2026',
      ],
    ]);
  });
});

describe('accountant exports: Xero', () => {
  it('Xero: its sales invoice template columns, tax-exclusive lines with Xero’s tax rate names', () => {
    const [header, ...rows] = parse(xeroCsv([invoice, voided]));
    expect(header).toEqual([
      '*ContactName',
      'EmailAddress',
      'POAddressLine1',
      'POAddressLine2',
      'POAddressLine3',
      'POAddressLine4',
      'POCity',
      'PORegion',
      'POPostalCode',
      'POCountry',
      '*InvoiceNumber',
      'Reference',
      '*InvoiceDate',
      '*DueDate',
      'InventoryItemCode',
      '*Description',
      '*Quantity',
      '*UnitAmount',
      'Discount',
      '*AccountCode',
      '*TaxType',
      'TrackingName1',
      'TrackingOption1',
      'TrackingName2',
      'TrackingOption2',
      'Currency',
      'BrandingTheme',
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual([
      `'=HYPERLINK("http://evil")`,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '2026-0007',
      '',
      '12/01/2026',
      '12/31/2026',
      '',
      'Tue Nov 3 — Printer fixed (1.5 h)',
      '1',
      '142.50',
      '',
      '200',
      'Tax on Sales',
      '',
      '',
      '',
      '',
      'USD',
      '',
    ]);
    expect(rows[1]![20]).toBe('Tax Exempt');
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
  });
});

describe('accountant exports: plain', () => {
  it('plain: invoices (void ones marked) and payments in date order', () => {
    const [header, ...rows] = parse(
      plainCsv([invoice, voided], [payment, { ...payment, receivedOn: '2026-12-01', reversed: true, reference: '' }]),
    );
    expect(header).toEqual([
      'type',
      'date',
      'invoice_number',
      'client',
      'due_date',
      'net',
      'tax',
      'total',
      'status',
      'method',
      'reference',
    ]);
    expect(rows).toEqual([
      ['invoice', '2026-11-20', '2026-0006', 'Void Co', '2026-12-31', '137.50', '12.65', '150.15', 'void', '', ''],
      ['invoice', '2026-12-01', '2026-0007', `'=HYPERLINK("http://evil")`, '2026-12-31', '137.50', '12.65', '150.15', 'issued', '', ''],
      ['payment', '2026-12-01', '2026-0007', 'Harbor Yoga', '', '', '', '50.00', 'reversed', 'check', ''],
      ['payment', '2026-12-02', '2026-0007', 'Harbor Yoga', '', '', '', '50.00', 'received', 'check', `'@SUM(A1)`],
    ]);
  });

  it('a file starts with a byte-order mark and ends its last line', () => {
    const text = exportCsv('plain', [], []);
    expect(text.startsWith('\uFEFFtype,date,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
  });
});

describe('export request', () => {
  it('names the field that is wrong', () => {
    expect(checkExportRequest({ from: '2026-01-01', to: '2026-12-31', format: 'xero' })).toEqual({
      ok: true,
      value: { from: '2026-01-01', to: '2026-12-31', format: 'xero' },
    });
    expect(checkExportRequest({ from: '', to: '2026-02-30', format: 'excel' })).toEqual({
      ok: false,
      problems: { from: 'Enter the first day.', to: 'Enter the last day as a date.', format: 'Choose a format.' },
    });
    expect(checkExportRequest({ from: '2026-03-01', to: '2026-02-01', format: 'qbo' })).toEqual({
      ok: false,
      problems: { to: 'The last day must be on or after the first.' },
    });
  });
});
