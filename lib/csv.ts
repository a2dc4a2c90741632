import Papa from 'papaparse';
import { clientSchema, type ClientInput } from '@/lib/validations/clients';

/** Column order of export and import: an export re-imports unchanged. */
export const CLIENT_CSV_COLUMNS = [
  ['name', 'name'],
  ['contact_name', 'contactName'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['address', 'address'],
  ['seats', 'seats'],
  ['has_server', 'hasServer'],
  ['hourly_rate', 'hourlyRateCents'],
  ['monthly_recurring', 'monthlyRecurringCents'],
  ['growth', 'growth'],
  ['expected_seats_24m', 'expectedSeats24m'],
  ['status', 'status'],
  ['default_travel_minutes', 'defaultTravelMinutes'],
  ['notes', 'notes'],
  ['tier_override', 'tierOverride'],
  ['tier_override_reason', 'tierOverrideReason'],
] as const satisfies readonly (readonly [string, keyof ClientInput])[];

const money = (cents: number | null) => (cents === null ? '' : cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2));

// A cell a spreadsheet would run as a formula gets a leading apostrophe; import strips it again.
const FORMULA = /^[=+\-@\t\r]/;
export const guard = (s: string) => (FORMULA.test(s) ? `'${s}` : s);
const unguard = (s: string) => (s.startsWith("'") && FORMULA.test(s.slice(1)) ? s.slice(1) : s);

export function clientsToCsv(clients: ClientInput[]): string {
  const rows = clients.map((c) =>
    CLIENT_CSV_COLUMNS.map(([, key]) => {
      const v = c[key];
      if (key === 'hasServer') return v ? 'yes' : 'no';
      if (key === 'hourlyRateCents' || key === 'monthlyRecurringCents') return money(v as number | null);
      return guard(v === null || v === undefined ? '' : String(v));
    }),
  );
  return Papa.unparse({ fields: CLIENT_CSV_COLUMNS.map(([h]) => h), data: rows }, { newline: '\r\n' });
}

export type CsvRowError = { line: number; field: string; message: string };
export type ParsedClientCsv = { rows: { line: number; input: ClientInput }[]; errors: CsvRowError[] };

const YES = new Set(['yes', 'y', 'true', '1', 'x']);
const NO = new Set(['no', 'n', 'false', '0', '']);

/** How far a parse is: characters read of the text, and rows checked. */
export type CsvProgress = (charsDone: number, charsTotal: number, rowsDone: number) => void;

const PARSE_OPTIONS = { header: true, skipEmptyLines: 'greedy', transformHeader: (h: string) => h.trim().toLowerCase() } as const;

/**
 * Parses and validates the rows one at a time: each good row goes to
 * `onRow`, and every problem is returned (a row with any error is reported
 * whole and never imported). Nothing of a row is kept here: a 2 MB file is
 * 200,000 rows, and rows kept whole are garbage the collector walks again and
 * again. `progress` hears how far it is every 1,000 rows.
 */
export function forEachClientCsvRow(
  text: string,
  onRow: (line: number, input: ClientInput) => void,
  progress?: CsvProgress,
): CsvRowError[] {
  const source = text.replace(/^\uFEFF/, '');
  const errors: CsvRowError[] = [];
  const headers = Papa.parse<Record<string, string>>(source, { ...PARSE_OPTIONS, preview: 1 }).meta.fields ?? [];
  const known = new Set<string>(CLIENT_CSV_COLUMNS.map(([h]) => h));
  const unknown = headers.filter((h) => !known.has(h));
  if (!headers.includes('name') || !headers.includes('seats')) {
    errors.push({ line: 1, field: 'header', message: 'The first line must name the columns, including name and seats.' });
    return errors;
  }
  if (unknown.length)
    errors.push({ line: 1, field: 'header', message: `Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.` });

  let index = 0;
  Papa.parse<Record<string, string>>(source, {
    ...PARSE_OPTIONS,
    step: (results) => {
      const line = index + 2; // line 1 is the header
      index++;
      if (progress && index % 1000 === 0) progress(results.meta.cursor, source.length, index);
      for (const e of results.errors) errors.push({ line, field: 'row', message: e.message });
      const record = results.data;
      const fields: Record<string, string> = {};
      for (const [header, key] of CLIENT_CSV_COLUMNS) {
        const raw = unguard((record[header] ?? '').trim());
        if (key === 'hasServer') {
          const v = raw.toLowerCase();
          if (YES.has(v)) fields.hasServer = 'on';
          else if (!NO.has(v)) {
            errors.push({ line, field: header, message: 'Write yes or no.' });
            return;
          }
          continue;
        }
        if (key === 'status' || key === 'growth' || key === 'tierOverride') {
          const v = raw.toLowerCase().replace(/[\s-]+/g, '_');
          fields[key] = key === 'status' && v === '' ? 'active' : key === 'growth' && v === '' ? 'flat' : v;
          continue;
        }
        fields[key] = raw;
      }
      const result = clientSchema.safeParse(fields);
      if (!result.success) {
        const byField = new Map<string, string>();
        for (const issue of result.error.issues) {
          const key = String(issue.path[0] ?? 'row');
          const header = CLIENT_CSV_COLUMNS.find(([, k]) => k === key)?.[0] ?? key;
          if (!byField.has(header)) byField.set(header, issue.message);
        }
        for (const [field, message] of byField) errors.push({ line, field, message });
        return;
      }
      onRow(line, result.data);
    },
  });
  return errors;
}

/** Parses and validates every row: the good rows, and every problem. */
export function parseClientsCsv(text: string, progress?: CsvProgress): ParsedClientCsv {
  const rows: ParsedClientCsv['rows'] = [];
  const errors = forEachClientCsvRow(text, (line, input) => rows.push({ line, input }), progress);
  return { rows, errors };
}

export type TimesheetCsvRow = {
  date: string;
  start: string;
  person: string;
  category: string;
  client: string;
  minutes: number;
  travelMinutes: number;
  amountCents: number;
  description: string;
};

/** Time entries as CSV for payroll or invoicing; text cells are guarded like the client export. */
export function timesheetToCsv(rows: TimesheetCsvRow[]): string {
  return Papa.unparse(
    {
      fields: ['date', 'start', 'person', 'category', 'client', 'minutes', 'travel_minutes', 'amount', 'description'],
      data: rows.map((r) => [
        r.date,
        r.start,
        guard(r.person),
        r.category,
        guard(r.client),
        r.minutes,
        r.travelMinutes,
        money(r.amountCents),
        guard(r.description),
      ]),
    },
    { newline: '\r\n' },
  );
}
