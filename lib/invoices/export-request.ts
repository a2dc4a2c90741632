/*
 * What an export asks for, checked the same way in the browser (messages by
 * the fields) and by the route (which trusts nothing). No imports: the form
 * that uses it is a client component and ships it.
 */
export const EXPORT_FORMATS = ['qbo', 'xero', 'plain'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportRequest = { from: string; to: string; format: ExportFormat };
export type ExportProblems = Partial<Record<keyof ExportRequest, string>>;

function realDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The request, or what is wrong with each field. */
export function checkExportRequest(
  input: Record<string, string | undefined>,
): { ok: true; value: ExportRequest } | { ok: false; problems: ExportProblems } {
  const from = input.from?.trim() ?? '';
  const to = input.to?.trim() ?? '';
  const format = input.format ?? '';
  const problems: ExportProblems = {};
  if (!realDate(from)) problems.from = from ? 'Enter the first day as a date.' : 'Enter the first day.';
  if (!realDate(to)) problems.to = to ? 'Enter the last day as a date.' : 'Enter the last day.';
  else if (!problems.from && to < from) problems.to = 'The last day must be on or after the first.';
  else if (!problems.from && Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 10) problems.from = 'Export at most ten years at once.';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) problems.format = 'Choose a format.';
  return Object.keys(problems).length ? { ok: false, problems } : { ok: true, value: { from, to, format: format as ExportFormat } };
}
