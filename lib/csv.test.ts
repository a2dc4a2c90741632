import { describe, expect, it } from 'vitest';
import { clientsToCsv, parseClientsCsv } from './csv';
import { clientSchema } from './validations/clients';

const client = clientSchema.parse({
  name: '=SUM(A1) "Quoted", Inc',
  contactName: 'Ann',
  seats: '12',
  hasServer: 'on',
  hourlyRateCents: '95.50',
  monthlyRecurringCents: '500',
  growth: 'growing',
  expectedSeats24m: '20',
  status: 'prospect',
  defaultTravelMinutes: '20',
  notes: 'Two\nlines',
  tierOverride: 'sweet_spot',
  tierOverrideReason: 'Contract',
});

describe('client CSV', () => {
  it('round-trips every field, including quotes, commas, new lines and formula-like text', () => {
    const csv = clientsToCsv([client]);
    expect(csv.split('\r\n')[1]).toMatch(/^"'=SUM\(A1\) ""Quoted"", Inc"/);
    const parsed = parseClientsCsv(csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([{ line: 2, input: client }]);
  });

  it('reports every bad row with its line and field', () => {
    const parsed = parseClientsCsv('name,seats,has_server\nOk,3,no\n,3,no\nX,-1,no\nY,3,perhaps\n');
    expect(parsed.rows.map((r) => r.input.name)).toEqual(['Ok']);
    expect(parsed.errors).toEqual([
      { line: 3, field: 'name', message: 'Enter the client name.' },
      { line: 4, field: 'seats', message: 'The number of seats must be at least 0.' },
      { line: 5, field: 'has_server', message: 'Write yes or no.' },
    ]);
  });

  it('needs a header with name and seats, and names unknown columns', () => {
    expect(parseClientsCsv('Acme,3\n').errors[0]).toMatchObject({ line: 1, field: 'header' });
    expect(parseClientsCsv('name,seats,colour\nA,3,red\n').errors).toEqual([
      { line: 1, field: 'header', message: 'Unknown column: colour.' },
    ]);
  });
});
