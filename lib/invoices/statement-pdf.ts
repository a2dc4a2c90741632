import type { PaperSize } from '@/db/schema';
import { formatExactMoney } from '@/lib/format';
import { finish, letterhead, newDocument, note, partiesBlock, printedDate, table, totalsBlock, type Party } from '@/lib/pdf/document';
import type { Statement } from './statement';

export type StatementPdfInput = {
  paperSize: PaperSize;
  firm: Party & { paymentInstructions: string };
  client: Party & { contact: string };
  statement: Statement;
  createdAt: number;
};

const COLUMNS = [
  { header: 'Date', width: 20, align: 'left' },
  { header: 'Description', width: 38, align: 'left' },
  { header: 'Charges', width: 14, align: 'right' },
  { header: 'Payments', width: 14, align: 'right' },
  { header: 'Balance', width: 14, align: 'right' },
] as const;

/** A client statement as a PDF: the opening balance, every invoice and payment of the period with the running balance, and the amount due. */
export function statementPdf({ paperSize, firm, client, statement, createdAt }: StatementPdfInput): Buffer {
  const doc = newDocument(paperSize, { title: `Statement for ${client.name}`, author: firm.name, createdAt });
  letterhead(doc, firm, 'STATEMENT', `${printedDate(statement.from)} – ${printedDate(statement.to)}`);
  partiesBlock(doc, 'Statement for', client, [
    ['From', printedDate(statement.from)],
    ['To', printedDate(statement.to)],
  ]);
  const money = (cents: number) => (cents ? formatExactMoney(cents) : '');
  const rows = [
    [printedDate(statement.from), 'Balance brought forward', '', '', formatExactMoney(statement.openingCents)],
    ...statement.rows.map((r) => [
      printedDate(r.date),
      r.dueDate ? `${r.description} (due ${printedDate(r.dueDate)})` : r.description,
      money(r.chargeCents),
      money(r.paymentCents),
      formatExactMoney(r.balanceCents),
    ]),
  ];
  table(doc, [...COLUMNS], rows, { bold: (i) => i === 0 });
  doc.y += 6;
  totalsBlock(doc, [[`Amount due on ${printedDate(statement.to)}`, formatExactMoney(statement.closingCents)]]);
  if (firm.paymentInstructions && statement.closingCents > 0) note(doc, 'How to pay', firm.paymentInstructions);
  return finish(doc);
}
