/**
 * Invoice numbers. A format is literal text with one `{seq}` or `{seq:N}`
 * (the sequence, padded to N digits) and optionally `{YYYY}`, `{YY}` or `{MM}`
 * from the invoice date. With a year in the format the sequence restarts each
 * year; without one it runs for ever. The sequence itself is gapless: the data
 * layer gives the next one inside the transaction that finalises.
 */
const TOKEN = /\{(YYYY|YY|MM|seq(?::(\d+))?)\}/g;
export const MAX_FORMAT_LENGTH = 40;

export type NumberFormatProblem = string;

/** Why a format cannot number invoices, in words for the field, or null when it can. */
export function numberFormatProblem(format: string): NumberFormatProblem | null {
  if (format.trim() === '') return 'Enter a format, e.g. {YYYY}-{seq:4}.';
  if (format.length > MAX_FORMAT_LENGTH) return `Keep the format to ${MAX_FORMAT_LENGTH} characters.`;
  const seqs = [...format.matchAll(TOKEN)].filter((m) => m[1]!.startsWith('seq'));
  if (seqs.length !== 1) return 'The format needs exactly one {seq} (or {seq:4} for four digits).';
  const width = seqs[0]![2];
  if (width !== undefined && (Number(width) < 1 || Number(width) > 9)) return 'The {seq:N} width must be 1 to 9 digits.';
  const leftover = format.replace(TOKEN, '');
  if (/[{}]/.test(leftover)) return 'Only {YYYY}, {YY}, {MM} and {seq} may appear in braces.';
  if (/[^\x20-\x7e]/.test(leftover) || /[/\\]/.test(leftover)) return 'Use letters, digits, spaces and - _ . # only outside the braces.';
  return null;
}

/** The run of numbers an invoice dated `issueDate` (YYYY-MM-DD) counts in. */
export function sequenceScope(format: string, issueDate: string): string {
  return /\{(YYYY|YY)\}/.test(format) ? issueDate.slice(0, 4) : '';
}

/** The printed number of the `seq`-th invoice of its scope, dated `issueDate`. */
export function formatInvoiceNumber(format: string, seq: number, issueDate: string): string {
  return format.replace(TOKEN, (_, token: string, width?: string) => {
    if (token === 'YYYY') return issueDate.slice(0, 4);
    if (token === 'YY') return issueDate.slice(2, 4);
    if (token === 'MM') return issueDate.slice(5, 7);
    return String(seq).padStart(width ? Number(width) : 1, '0');
  });
}
