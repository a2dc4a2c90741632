import { describe, expect, it } from 'vitest';
import { asMember, makeFirm, makeUser } from '@/test/factories';
import { auditValue } from '@/lib/audit-labels';
import { listAudit } from './audit';
import { changeTeamMemberRole } from './team';

describe('audit log entries about a member', () => {
  it('name the member and read the role as its label, not "(user #6)" and "staff"', () => {
    const firm = makeFirm();
    const owner = makeUser(firm.id, 'owner');
    const member = makeUser(firm.id, 'consultant');
    changeTeamMemberRole(asMember(owner), member.id, 'staff');
    const entry = listAudit(asMember(owner)).entries.find((e) => e.action === 'team.role_changed')!;
    expect(entry.subjectName).toBe(member.name);
    const before = entry.before as { role: string };
    const after = entry.after as { role: string };
    expect(auditValue(before.role, { key: 'role' })).toBe('Consultant');
    expect(auditValue(after.role, { key: 'role' })).toBe('Office staff');
  });

  it('leave the name out for entries about something else', () => {
    const firm = makeFirm();
    const owner = makeUser(firm.id, 'owner');
    changeTeamMemberRole(asMember(owner), makeUser(firm.id, 'consultant').id, 'staff');
    expect(listAudit(asMember(owner)).entries.every((e) => e.entityType === 'user' || e.subjectName === null)).toBe(true);
  });
});
