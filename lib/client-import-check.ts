import { forEachClientCsvRow, parseClientsCsv, type CsvProgress, type CsvRowError, type ParsedClientCsv } from '@/lib/csv';
import { classifyClient, type Tier, type TierThresholds } from '@/lib/tiers';

/**
 * The CPU half of a client CSV import, pure, run in a worker thread
 * (lib/jobs): parsing and validating every row, finding duplicates against
 * the names the firm already has (read by lib/dal/client-import.ts) and
 * tiering the new clients.
 */

/** The largest CSV text an import reads. */
export const MAX_IMPORT_BYTES = 2_000_000;

/** New clients a preview names one by one; the count covers them all (a 200,000-row file needs no 200,000-item list). */
export const PREVIEW_LIST_LIMIT = 1000;

export type ImportPreview = {
  /** The first PREVIEW_LIST_LIMIT new clients. */
  toImport: { line: number; name: string; seats: number; tier: Tier }[];
  toImportCount: number;
  duplicates: { line: number; name: string; why: string }[];
  /** Every bad row. */
  errors: CsvRowError[];
};

/** SQLite's lower(): ASCII letters only. The firm's names are compared the way the database compares them. */
export const sqliteLower = (name: string) => name.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/**
 * A duplicate check fed one valid row at a time: the reason a name repeats an
 * earlier line of the file (in any case) or a name in `existing` (names the
 * firm has, as SQLite's lower() gives them), or null for a new client.
 */
export function duplicateFinder(existing: ReadonlySet<string>): (line: number, name: string) => string | null {
  const seen = new Map<string, number>();
  return (line, name) => {
    const key = name.toLowerCase();
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, line);
    if (earlier !== undefined) return `same name as line ${earlier}`;
    if (existing.has(sqliteLower(name))) return 'a client with this name already exists';
    return null;
  };
}

/** Splits valid rows into new clients and duplicates (see duplicateFinder). */
export function splitDuplicates(
  rows: ParsedClientCsv['rows'],
  existing: ReadonlySet<string>,
): { fresh: ParsedClientCsv['rows']; duplicates: ImportPreview['duplicates'] } {
  const why = duplicateFinder(existing);
  const fresh: ParsedClientCsv['rows'] = [];
  const duplicates: ImportPreview['duplicates'] = [];
  for (const row of rows) {
    const reason = why(row.line, row.input.name);
    if (reason) duplicates.push({ line: row.line, name: row.input.name, why: reason });
    else fresh.push(row);
  }
  return { fresh, duplicates };
}

export type ImportCheckInput = { text: string; thresholds: TierThresholds; existingNames: string[] };

/** What an import of `text` would do, checked row by row without keeping the rows. */
export function checkClientImport(input: ImportCheckInput, progress?: CsvProgress): ImportPreview {
  const why = duplicateFinder(new Set(input.existingNames));
  const preview: ImportPreview = { toImport: [], toImportCount: 0, duplicates: [], errors: [] };
  preview.errors = forEachClientCsvRow(
    input.text,
    (line, c) => {
      const reason = why(line, c.name);
      if (reason) preview.duplicates.push({ line, name: c.name, why: reason });
      else if (preview.toImportCount++ < PREVIEW_LIST_LIMIT) {
        preview.toImport.push({
          line,
          name: c.name,
          seats: c.seats,
          tier: classifyClient({ ...c, revenue12mCents: 0 }, input.thresholds).tier,
        });
      }
    },
    progress,
  );
  return preview;
}

/** The rows of a file about to be imported: all of them, or none when any row is bad (the import is then refused whole). */
export function parseForImport(text: string, progress?: CsvProgress): { errorCount: number; rows: ParsedClientCsv['rows'] } {
  const { rows, errors } = parseClientsCsv(text, progress);
  return errors.length ? { errorCount: errors.length, rows: [] } : { errorCount: 0, rows };
}
