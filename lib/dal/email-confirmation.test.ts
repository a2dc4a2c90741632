import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { asMember, firmRows } from '@/test/factories';
import { createFirmWithOwner } from './accounts';
import {
  CONFIRM_LINK_MS,
  CONFIRM_RESEND_WINDOW_MS,
  CONFIRM_RESENDS,
  confirmEmail,
  confirmLinkUsable,
  ConfirmationSentRecentlyError,
  EmailNotConfirmedError,
  sendConfirmationAgain,
} from './email-confirmation';
import { resendMessage } from './mail';
import { LinkNotValidError } from './one-time-links';
import { inviteMember } from './invitations';

const NOW = Date.UTC(2030, 0, 20, 12);
let n = 0;

async function signUp(now = NOW) {
  const email = `owner-${++n}-${Math.random().toString(36).slice(2, 7)}@unit.example`;
  const { firmId, userId } = (await createFirmWithOwner(
    { firmName: 'New Firm', timeZone: 'UTC', name: 'Olga', email, password: 'long enough' },
    `10.40.0.${n}`,
    now,
  ))!;
  const user = getDb().select().from(schema.users).where(eq(schema.users.id, userId)).get()!;
  return { firmId, email, member: asMember(user) };
}
const confirmations = (to: string) =>
  getDb()
    .select()
    .from(schema.outbox)
    .where(eq(schema.outbox.toAddress, to))
    .orderBy(schema.outbox.id)
    .all()
    .filter((m) => m.kind === 'confirm-email');
const tokenOf = (body: string) => /\/confirm-email\/([A-Za-z0-9_-]{43})/.exec(body)![1]!;

describe('an unconfirmed sign-up', () => {
  it('may not add members or send a failed message again until the link is opened; then it may', async () => {
    const { firmId, email, member } = await signUp();
    const failed = getDb()
      .insert(schema.outbox)
      .values({
        firmId,
        kind: 'test',
        toAddress: 'x@unit.example',
        subject: 'S',
        body: 'B',
        messageKey: crypto.randomUUID(),
        status: 'failed',
      })
      .returning()
      .get().id;
    const before = firmRows(firmId);
    const outboxBefore = JSON.stringify(getDb().select().from(schema.outbox).where(eq(schema.outbox.firmId, firmId)).all());
    expect(() => inviteMember(member, { name: 'Con', email: `con-${n}@unit.example`, role: 'consultant' })).toThrow(EmailNotConfirmedError);
    expect(() => resendMessage(member, failed)).toThrow(EmailNotConfirmedError);
    expect(firmRows(firmId)).toBe(before);
    expect(JSON.stringify(getDb().select().from(schema.outbox).where(eq(schema.outbox.firmId, firmId)).all())).toBe(outboxBefore);

    confirmEmail(tokenOf(confirmations(email)[0]!.body), NOW + 1000);
    expect(getDb().select({ ok: schema.users.emailConfirmed }).from(schema.users).where(eq(schema.users.id, member.userId)).get()).toEqual({
      ok: true,
    });
    inviteMember(member, { name: 'Con', email: `con-${n}@unit.example`, role: 'consultant' });
    resendMessage(member, failed);
  });

  it('a confirmation link works once and for 7 days', async () => {
    const a = await signUp();
    const token = tokenOf(confirmations(a.email)[0]!.body);
    expect(confirmLinkUsable(token, NOW + CONFIRM_LINK_MS - 1)).toBe(true);
    expect(confirmLinkUsable(token, NOW + CONFIRM_LINK_MS)).toBe(false);
    expect(() => confirmEmail(token, NOW + CONFIRM_LINK_MS)).toThrow(LinkNotValidError);
    confirmEmail(token, NOW + 5);
    expect(() => confirmEmail(token, NOW + 6)).toThrow(LinkNotValidError);
  });

  it('“Send the link again” makes a new link that ends the old one, at most 3 times in 10 minutes; nothing once confirmed', async () => {
    const a = await signUp();
    const first = tokenOf(confirmations(a.email)[0]!.body);
    expect(sendConfirmationAgain(a.member, NOW + 10)).toBe('sent');
    expect(confirmLinkUsable(first, NOW + 11)).toBe(false);
    const second = tokenOf(confirmations(a.email)[1]!.body);
    expect(confirmLinkUsable(second, NOW + 11)).toBe(true);
    for (let i = 2; i < CONFIRM_RESENDS; i++) sendConfirmationAgain(a.member, NOW + 10 + i);
    expect(() => sendConfirmationAgain(a.member, NOW + 100)).toThrow(ConfirmationSentRecentlyError);
    expect(confirmations(a.email)).toHaveLength(CONFIRM_RESENDS);
    expect(sendConfirmationAgain(a.member, NOW + CONFIRM_RESEND_WINDOW_MS + 1)).toBe('sent');
    confirmEmail(tokenOf(confirmations(a.email).at(-1)!.body), NOW + CONFIRM_RESEND_WINDOW_MS + 2);
    expect(sendConfirmationAgain(a.member, NOW + CONFIRM_RESEND_WINDOW_MS + 3)).toBe('already-confirmed');
    expect(confirmations(a.email)).toHaveLength(CONFIRM_RESENDS + 1);
  });
});
