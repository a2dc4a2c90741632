import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb, schema, type Conn } from '@/db';
import { MAX_IMPORT_BYTES, splitDuplicates, type ImportPreview } from '@/lib/client-import-check';
import { UserFacingError } from '@/lib/errors';
import { runTask } from '@/lib/jobs/pool';
import { forgetJob, keptInput, startJob, type Started } from '@/lib/jobs/registry';
import { assertCan } from '@/lib/permissions';
import { insertNewClient } from './internal/client-writes';
import { writeAudit, writeTransaction } from './internal/write';
import { getFirm } from './firm';
import type { Member } from './session';

export { MAX_IMPORT_BYTES, type ImportPreview };

/**
 * Client CSV import. Parsing and checking every row is CPU work for a worker
 * thread (lib/client-import-check.ts through lib/jobs); this module reads the
 * firm's names and thresholds for it and writes the confirmed rows, on the
 * request thread, inside one transaction.
 */

const TOO_LARGE = 'The file is larger than 2 MB; split it.';
const PARSE_TIMEOUT_MS = 300_000;

/** The firm's client names as SQLite's lower() gives them: what a new name must not repeat. */
function existingNames(conn: Conn, firmId: number): string[] {
  return conn
    .select({ name: sql<string>`lower(${schema.clients.name})` })
    .from(schema.clients)
    .where(eq(schema.clients.firmId, firmId))
    .all()
    .map((r) => r.name);
}

/** What the worker needs to check `text`; the caller has checked the member. */
function checkInput(member: Member, text: string) {
  if (text.length > MAX_IMPORT_BYTES) throw new UserFacingError(TOO_LARGE, 'csv');
  const firm = getFirm(member);
  const thresholds = {
    microMaxSeats: firm.microMaxSeats,
    sweetSpotMinSeats: firm.sweetSpotMinSeats,
    sweetSpotRequiresServer: firm.sweetSpotRequiresServer,
    sweetSpotMinRevenueCents: firm.sweetSpotMinRevenueCents,
    largeMinSeats: firm.largeMinSeats,
  };
  return { text, thresholds, existingNames: existingNames(getDb(), member.firmId) };
}

/** Starts checking `text` in the background: what an import would do, with nothing written (or answers the firm's check already running). */
export function startClientImportCheck(member: Member, text: string): Started {
  assertCan(member.role, 'clients.write');
  return startJob(member, 'client-import', checkInput(member, text), { keep: text });
}

/** What an import would do, awaited: for callers with no page to come back to (tests, scripts). */
export async function previewClientImport(member: Member, text: string): Promise<ImportPreview> {
  assertCan(member.role, 'clients.write');
  return JSON.parse(await runTask('client-import-check', checkInput(member, text), { timeoutMs: PARSE_TIMEOUT_MS })) as ImportPreview;
}

/**
 * Imports every valid new row of the text (given, or kept by the preview job
 * `jobId`) in one transaction, or nothing: a file with any bad row is refused
 * whole, and duplicates are skipped and reported. The rows are parsed again
 * in a worker; the duplicate check and the writes happen in the transaction.
 */
export async function importClients(
  member: Member,
  from: { text: string } | { jobId: string },
  now = Date.now(),
): Promise<{ imported: number; skipped: number }> {
  assertCan(member.role, 'clients.write');
  const text = 'text' in from ? from.text : keptInput(member, from.jobId, 'client-import');
  if (text.length > MAX_IMPORT_BYTES) throw new UserFacingError(TOO_LARGE, 'csv');
  const { errorCount, rows } = await runTask('client-import-parse', { text }, { timeoutMs: PARSE_TIMEOUT_MS });
  if (errorCount) throw new UserFacingError(`The file has ${errorCount} problem${errorCount === 1 ? '' : 's'}; nothing was imported.`);
  const firm = getFirm(member);
  const result = writeTransaction((tx) => {
    const { fresh, duplicates } = splitDuplicates(rows, new Set(existingNames(tx, member.firmId)));
    for (const { input } of fresh) insertNewClient(tx, member, input, firm, now);
    writeAudit(tx, member, {
      action: 'client.imported',
      entity: 'client',
      after: { imported: fresh.length, skipped: duplicates.length },
    });
    return { imported: fresh.length, skipped: duplicates.length };
  });
  if ('jobId' in from) forgetJob(member, from.jobId);
  return result;
}
