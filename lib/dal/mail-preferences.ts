import 'server-only';
import { getDb } from '@/db';
import { isOptedOut, recipientByToken, setOptOut } from '@/lib/mail/recipients';
import { assertCan } from '@/lib/permissions';
import { recordAudit, writeAudit, writeTransaction } from './internal/write';
import type { Member } from './session';

/** Does the caller get the firm's optional mail (new-request notices)? Required mail goes either way. */
export function getsOptionalMail(member: Member): boolean {
  assertCan(member.role, 'account.own');
  return !isOptedOut(getDb(), member.firmId, member.email);
}

export function setOptionalMail(member: Member, wanted: boolean, now = Date.now()): void {
  assertCan(member.role, 'account.own');
  writeTransaction((tx) => {
    if (isOptedOut(tx, member.firmId, member.email) === !wanted) return;
    setOptOut(tx, member.firmId, member.email, !wanted, now);
    writeAudit(tx, member, { action: wanted ? 'mail.opt_in' : 'mail.opt_out', entity: 'mail_recipient', after: { email: member.email } });
  });
}

export type OptOutView = { firmName: string; email: string; optedOut: boolean };

/** What an opt-out link shows: the firm and the address it is for, and whether it is opted out. Null: a link that opens nothing. */
export function optOutView(token: string): OptOutView | null {
  const r = recipientByToken(getDb(), token);
  return r ? { firmName: r.firmName, email: r.email, optedOut: r.optedOutAt !== null } : null;
}

/**
 * The opt-out link's answer: the token is the authority (it names one firm's
 * one address, and only its hash is stored). Returns false for a link that
 * opens nothing, and writes nothing then.
 */
export function setOptOutByLink(token: string, out: boolean, now = Date.now()): boolean {
  return writeTransaction((tx) => {
    const r = recipientByToken(tx, token);
    if (!r) return false;
    if ((r.optedOutAt !== null) === out) return true;
    setOptOut(tx, r.firmId, r.email, out, now);
    recordAudit(tx, {
      firmId: r.firmId,
      actorUserId: null,
      action: out ? 'mail.opt_out' : 'mail.opt_in',
      entityType: 'mail_recipient',
      entityId: r.id,
      after: { email: r.email },
    });
    return true;
  });
}
