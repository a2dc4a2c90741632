import { beforeEach, describe, expect, it } from 'vitest';
import { getDb, schema } from '@/db';
import { enqueueMail } from '@/lib/mail/outbox';
import { oneTimeToken } from '@/lib/link-tokens';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { HIDDEN_TOKEN, listOutbox, resendMessage } from './mail';
import { eq } from 'drizzle-orm';

const NOW = Date.UTC(2030, 0, 15, 12);
const rows = () => getDb().select().from(schema.outbox).orderBy(schema.outbox.id).all();
const audit = () => getDb().select().from(schema.auditLog).all();

function setup() {
  const firm = makeFirm();
  const owner = makeUser(firm.id, 'owner');
  const consultant = makeUser(firm.id, 'consultant');
  return { firm, owner: asMember(owner), consultant: asMember(consultant), consultantEmail: consultant.email };
}

beforeEach(() => {
  getDb().delete(schema.outbox).run();
});

describe('Settings → Email data', () => {
  it('lists the firm’s own messages, newest first, and hides one-time links in messages to someone else', () => {
    const a = setup();
    const b = setup();
    const { token } = oneTimeToken();
    const mail = (firmId: number, to: string, subject: string) =>
      enqueueMail(getDb(), {
        firmId,
        kind: 'test',
        to,
        subject,
        text: `Open https://app.example/reset-password/${token}`,
        reason: 'Because.',
      });
    mail(a.firm.id, a.owner.email, 'To the owner');
    mail(a.firm.id, a.consultantEmail, 'To the consultant');
    mail(b.firm.id, b.owner.email, 'Another firm');
    const list = listOutbox(a.owner);
    expect(list.map((m) => m.subject)).toEqual(['To the consultant', 'To the owner']);
    expect(list[1]!.body).toContain(token);
    expect(list[0]!.body).not.toContain(token);
    expect(list[0]!.body).toContain(`/reset-password/${HIDDEN_TOKEN}`);
    expect(list[0]!.body).toContain('Sweetspot. Because.');
  });

  it('never shows a password reset’s link, even the owner’s own: a stolen session must not turn into a new password', () => {
    const a = setup();
    const { token } = oneTimeToken();
    const text = `Open https://app.example/reset-password/${token}`;
    enqueueMail(getDb(), { firmId: a.firm.id, kind: 'password-reset', to: a.owner.email, subject: 'Reset', text, reason: 'R' });
    enqueueMail(getDb(), { firmId: a.firm.id, kind: 'confirm-email', to: a.owner.email, subject: 'Confirm', text, reason: 'R' });
    const [confirm, reset] = listOutbox(a.owner);
    expect(reset!.subject).toBe('Reset');
    expect(reset!.body).not.toContain(token);
    expect(reset!.body).toContain(`/reset-password/${HIDDEN_TOKEN}`);
    // Without a mail server the owner confirms the address from here.
    expect(confirm!.body).toContain(token);
  });

  it('is the owner’s: a consultant may neither list nor send again, and nothing changes', () => {
    const a = setup();
    const id = enqueueMail(getDb(), { firmId: a.firm.id, kind: 'test', to: 'x@unit.example', subject: 'S', text: 'T', reason: 'R' });
    getDb().update(schema.outbox).set({ status: 'failed', lastError: 'refused' }).where(eq(schema.outbox.id, id)).run();
    const before = JSON.stringify([rows(), audit()]);
    expect(() => listOutbox(a.consultant)).toThrow('permission');
    expect(() => resendMessage(a.consultant, id)).toThrow('permission');
    expect(JSON.stringify([rows(), audit()])).toBe(before);
  });

  it('sends a failed message again: back in the queue with fresh attempts and audited; another firm’s id is not found, a sent one refused', () => {
    const a = setup();
    const b = setup();
    const id = enqueueMail(getDb(), { firmId: a.firm.id, kind: 'test', to: 'x@unit.example', subject: 'S', text: 'T', reason: 'R' });
    const sent = enqueueMail(getDb(), { firmId: a.firm.id, kind: 'test', to: 'y@unit.example', subject: 'S', text: 'T', reason: 'R' });
    getDb().update(schema.outbox).set({ status: 'failed', attempts: 10, lastError: 'refused' }).where(eq(schema.outbox.id, id)).run();
    getDb().update(schema.outbox).set({ status: 'sent', attempts: 1 }).where(eq(schema.outbox.id, sent)).run();
    const before = JSON.stringify([rows(), audit()]);
    expect(() => resendMessage(b.owner, id)).toThrow('not found');
    expect(() => resendMessage(a.owner, sent)).toThrow('Only a message that failed');
    expect(JSON.stringify([rows(), audit()])).toBe(before);

    resendMessage(a.owner, id, NOW);
    expect(rows().find((r) => r.id === id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: NOW, lastError: null });
    expect(audit().filter((e) => e.action === 'mail.resent')).toMatchObject([
      { firmId: a.firm.id, actorUserId: a.owner.userId, entityId: id, before: { status: 'failed', lastError: 'refused' } },
    ]);
  });
});
