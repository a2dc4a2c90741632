import 'server-only';
import { getDb } from '@/db';
import { parseClientsCsv, type CsvRowError } from '@/lib/csv';
import { UserFacingError } from '@/lib/errors';
import { assertCan } from '@/lib/permissions';
import { classifyClient, type Tier } from '@/lib/tiers';
import { recordAudit } from './audit';
import { findClientIdByName, insertClient } from './clients';
import { getFirm } from './firm';
import type { Member } from './session';

export const MAX_IMPORT_BYTES = 2_000_000;

export type ImportPreview = {
  toImport: { line: number; name: string; seats: number; tier: Tier }[];
  duplicates: { line: number; name: string; why: string }[];
  errors: CsvRowError[];
};

type Conn = Parameters<typeof findClientIdByName>[0];

function plan(conn: Conn, member: Member, text: string): ImportPreview & { inputs: ReturnType<typeof parseClientsCsv>['rows'] } {
  if (text.length > MAX_IMPORT_BYTES) {
    return { toImport: [], duplicates: [], errors: [{ line: 0, field: 'file', message: 'The file is larger than 2 MB; split it.' }], inputs: [] };
  }
  const firm = getFirm(member);
  const { rows, errors } = parseClientsCsv(text);
  const seen = new Map<string, number>();
  const duplicates: ImportPreview['duplicates'] = [];
  const inputs: typeof rows = [];
  for (const row of rows) {
    const key = row.input.name.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) duplicates.push({ line: row.line, name: row.input.name, why: `same name as line ${earlier}` });
    else if (findClientIdByName(conn, member.firmId, row.input.name) !== undefined) duplicates.push({ line: row.line, name: row.input.name, why: 'a client with this name already exists' });
    else inputs.push(row);
    seen.set(key, earlier ?? row.line);
  }
  const toImport = inputs.map(({ line, input }) => ({ line, name: input.name, seats: input.seats, tier: classifyClient({ ...input, revenue12mCents: 0 }, firm).tier }));
  return { toImport, duplicates, errors, inputs };
}

/** What an import would do: nothing is written. */
export function previewClientImport(member: Member, text: string): ImportPreview {
  assertCan(member.role, 'clients.write');
  const { toImport, duplicates, errors } = plan(getDb(), member, text);
  return { toImport, duplicates, errors };
}

/**
 * Imports every valid new row in one transaction, or nothing: a file with any
 * bad row is refused whole, and duplicates are skipped and reported.
 */
export function importClients(member: Member, text: string, now = Date.now()): { imported: number; skipped: number } {
  assertCan(member.role, 'clients.write');
  return getDb().transaction(
    (tx) => {
      const result = plan(tx, member, text);
      if (result.errors.length) throw new UserFacingError(`The file has ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}; nothing was imported.`);
      for (const { input } of result.inputs) insertClient(tx, member, input, now);
      recordAudit(tx, {
        firmId: member.firmId,
        actorUserId: member.userId,
        action: 'client.imported',
        entityType: 'client',
        after: { imported: result.inputs.length, skipped: result.duplicates.length },
      });
      return { imported: result.inputs.length, skipped: result.duplicates.length };
    },
    { behavior: 'immediate' },
  );
}
