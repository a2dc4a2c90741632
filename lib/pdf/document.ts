import PDFDocument from 'pdfkit';
import type { PaperSize } from '@/db/schema';
import { dayLabel } from '@/lib/time/format';
import type { LocalDate } from '@/lib/time/zoned';

/*
 * The drawing shared by invoices and statements: a page with the firm's name
 * and details in the brand colour, the two parties, a table that breaks
 * across pages with its header repeated, and totals. pdfkit draws with the
 * PDF's standard Helvetica, so nothing is read from disk but pdfkit's own
 * font metrics and no font is embedded: a one-page invoice is a few KB.
 */

export const BRAND = '#166534'; // the app's brand-700
const INK = '#0f172a';
const MUTED = '#475569';
const RULE = '#cbd5e1';
export const MARGIN = 50;

export type Doc = PDFKit.PDFDocument;
export type Party = { name: string; address: string; taxId: string };

/** A document on the firm's paper, dated `createdAt` so the same input always gives the same bytes. */
export function newDocument(paper: PaperSize, meta: { title: string; author: string; createdAt: number }): Doc {
  const doc = new PDFDocument({
    size: paper === 'a4' ? 'A4' : 'LETTER',
    margin: MARGIN,
    bufferPages: true, // page numbers are written once the page count is known
    info: { Title: meta.title, Author: meta.author, Creator: 'Sweetspot', CreationDate: new Date(meta.createdAt) },
  });
  doc.fillColor(INK).font('Helvetica').fontSize(10);
  return doc;
}

/**
 * Ends the document and returns its bytes, synchronously: pdfkit pushes every
 * chunk into its stream buffer as it writes, and nothing is listening, so the
 * whole file can be read back at once. Synchronous on purpose: a finalised
 * invoice's PDF is made inside the SQLite transaction that numbers it, where
 * no `await` may happen.
 */
export function finish(doc: Doc): Buffer {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN + 14;
    doc.page.margins.bottom = 0; // the footer sits in the margin; pdfkit would otherwise start a page for it
    doc.font('Helvetica').fontSize(8).fillColor(MUTED);
    doc.text(`Page ${i + 1} of ${range.count}`, MARGIN, y, { width: contentWidth(doc), align: 'right', lineBreak: false });
  }
  doc.end();
  const chunks: Buffer[] = [];
  for (let chunk = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export const contentWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;

/** A date as printed: always with its year ("Wed Dec 2, 2026"), since a printed page outlives the year. */
export const printedDate = (date: LocalDate) => dayLabel(date, { thisYear: 0 });

/** The firm's name and details at the top left, and the document's title and number at the top right. */
export function letterhead(doc: Doc, firm: Party, title: string, subtitle: string | null): void {
  const top = MARGIN;
  const half = contentWidth(doc) / 2;
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .fillColor(BRAND)
    .text(firm.name, MARGIN, top, { width: half + 40 });
  doc.font('Helvetica').fontSize(9).fillColor(MUTED);
  if (firm.address) doc.text(firm.address, { width: half });
  if (firm.taxId) doc.text(`Tax id ${firm.taxId}`, { width: half });
  const leftBottom = doc.y;
  doc
    .font('Helvetica-Bold')
    .fontSize(20)
    .fillColor(INK)
    .text(title, MARGIN + half, top, { width: half, align: 'right' });
  if (subtitle) doc.font('Helvetica').fontSize(11).fillColor(MUTED).text(subtitle, { width: half, align: 'right' });
  doc.y = Math.max(leftBottom, doc.y) + 18;
  rule(doc);
}

export function rule(doc: Doc, color = RULE): void {
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + contentWidth(doc), doc.y)
    .lineWidth(0.7)
    .strokeColor(color)
    .stroke();
  doc.y += 10;
}

/** "Bill to" with the client on the left; label/value pairs (dates, period) on the right. */
export function partiesBlock(doc: Doc, heading: string, client: Party & { contact?: string }, facts: [string, string][]): void {
  const top = doc.y;
  const half = contentWidth(doc) / 2;
  doc.font('Helvetica-Bold').fontSize(8).fillColor(MUTED).text(heading.toUpperCase(), MARGIN, top, { width: half });
  doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text(client.name, { width: half });
  doc.font('Helvetica').fontSize(9.5);
  if (client.contact) doc.text(`Attn: ${client.contact}`, { width: half });
  doc.text(client.address || 'No address on file', { width: half });
  if (client.taxId) doc.text(`Tax id ${client.taxId}`, { width: half });
  const leftBottom = doc.y;
  doc.y = top;
  for (const [label, value] of facts) {
    const y = doc.y;
    doc
      .font('Helvetica')
      .fontSize(9.5)
      .fillColor(MUTED)
      .text(label, MARGIN + half, y, { width: half * 0.3 - 6, align: 'right' });
    doc
      .font('Helvetica-Bold')
      .fillColor(INK)
      .text(value, MARGIN + half * 1.3, y, { width: half * 0.7, align: 'right' });
  }
  doc.y = Math.max(leftBottom, doc.y) + 18;
}

export type Column = { header: string; width: number; align: 'left' | 'right' };

/** A table whose first column wraps; a row that would cross the bottom margin starts a new page under a repeated header. */
export function table(doc: Doc, columns: Column[], rows: string[][], { bold }: { bold?: (row: number) => boolean } = {}): void {
  const widths = scaleWidths(doc, columns);
  const header = () => {
    drawRow(
      doc,
      columns,
      widths,
      columns.map((c) => c.header),
      { font: 'Helvetica-Bold', color: MUTED, size: 8.5 },
    );
    rule(doc, INK);
  };
  header();
  rows.forEach((cells, i) => {
    const font = bold?.(i) ? 'Helvetica-Bold' : 'Helvetica';
    doc.font(font).fontSize(9.5);
    const height = Math.max(...cells.map((c, j) => doc.heightOfString(c, { width: widths[j]! - 8 })));
    if (doc.y + height > doc.page.height - MARGIN - 20) {
      doc.addPage();
      header();
    }
    drawRow(doc, columns, widths, cells, { font, color: INK, size: 9.5 });
    doc.y += 2;
    rule(doc);
  });
}

function scaleWidths(doc: Doc, columns: Column[]): number[] {
  const total = columns.reduce((s, c) => s + c.width, 0);
  return columns.map((c) => (c.width / total) * contentWidth(doc));
}

function drawRow(doc: Doc, columns: Column[], widths: number[], cells: string[], style: { font: string; color: string; size: number }) {
  const top = doc.y;
  let x = MARGIN;
  let bottom = top;
  doc.font(style.font).fontSize(style.size).fillColor(style.color);
  cells.forEach((cell, j) => {
    const width = widths[j]! - 8;
    doc.text(cell, columns[j]!.align === 'right' ? x + 8 : x, top, { width, align: columns[j]!.align });
    bottom = Math.max(bottom, doc.y);
    x += widths[j]!;
  });
  doc.x = MARGIN;
  doc.y = bottom + 4;
}

/** Label/amount pairs at the right, the last one (what is owed) large and in the brand colour. */
export function totalsBlock(doc: Doc, rows: [string, string][]): void {
  const width = 340;
  const left = MARGIN + contentWidth(doc) - width;
  if (doc.y + rows.length * 18 > doc.page.height - MARGIN - 20) doc.addPage();
  rows.forEach(([label, value], i) => {
    const last = i === rows.length - 1;
    const y = doc.y;
    doc
      .font(last ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(last ? 12 : 10)
      .fillColor(last ? BRAND : INK);
    doc.text(label, left, y, { width: width * 0.65, align: 'left' });
    doc.text(value, left + width * 0.65, y, { width: width * 0.35, align: 'right' });
    doc.y += 3;
  });
  doc.x = MARGIN;
  doc.y += 12;
}

/** A titled paragraph (how to pay, a note), kept whole on one page. */
export function note(doc: Doc, title: string, body: string): void {
  doc.font('Helvetica').fontSize(9.5);
  const height = doc.heightOfString(body, { width: contentWidth(doc) }) + 20;
  if (doc.y + height > doc.page.height - MARGIN - 20) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(8).fillColor(MUTED).text(title.toUpperCase(), MARGIN, doc.y);
  doc
    .font('Helvetica')
    .fontSize(9.5)
    .fillColor(INK)
    .text(body, { width: contentWidth(doc) });
  doc.y += 12;
}

/** A large, pale "DRAFT" across every page, so a preview can never pass for the invoice. */
export function draftMark(doc: Doc): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height } = doc.page;
    doc.save();
    doc.rotate(-35, { origin: [width / 2, height / 2] });
    doc.font('Helvetica-Bold').fontSize(120).fillColor('#dc2626').fillOpacity(0.12);
    doc.text('DRAFT', 0, height / 2 - 60, { width, align: 'center', lineBreak: false });
    doc.restore();
  }
  doc.fillOpacity(1);
}
