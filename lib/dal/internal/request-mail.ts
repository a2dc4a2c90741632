import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Tx } from '@/db';
import { urgencyLabels } from '@/lib/labels';
import { newRequestNotice, requestReceivedMail } from '@/lib/mail/client-messages';
import { mailOrigin } from '@/lib/mail/messages';
import { enqueueMail } from '@/lib/mail/outbox';
import { enqueueOptional, firmMaySend } from '@/lib/mail/recipients';
import type { PublicRequestInput } from '@/lib/validations/requests';

/**
 * A request from the page, in its own transaction: "we received your request"
 * to the address it gives (required: it answers what they just did), and a
 * notice to each active owner and office staff member (optional: each may opt
 * out in their settings).
 */
export function mailNewRequest(tx: Tx, firm: { firmId: number; name: string }, input: PublicRequestInput, statusLink: string, now: number) {
  if (!firmMaySend(tx, firm.firmId)) return;
  if (input.email) {
    enqueueMail(tx, requestReceivedMail({ firmId: firm.firmId, firmName: firm.name, to: input.email, name: input.name }, statusLink), now);
  }
  const staff = tx
    .select({ name: schema.users.name, email: schema.users.email })
    .from(schema.users)
    .where(and(eq(schema.users.firmId, firm.firmId), eq(schema.users.active, true), inArray(schema.users.role, ['owner', 'staff'])))
    .all();
  const request = { name: input.name, company: input.company, problem: input.problem, urgency: urgencyLabels[input.urgency] };
  for (const person of staff) {
    enqueueOptional(
      tx,
      newRequestNotice({ firmId: firm.firmId, firmName: firm.name, to: person.email, name: person.name }, request, mailOrigin()),
      now,
    );
  }
}
