import { describe, expect, it } from 'vitest';
import { assertCan, can, ForbiddenError, permissions } from './permissions';

describe('role table', () => {
  it('gives firm settings, team management and the audit log to owners only', () => {
    for (const p of ['firm.settings', 'team.manage', 'audit.read'] as const) {
      expect(can('owner', p)).toBe(true);
      expect(can('consultant', p)).toBe(false);
      expect(can('staff', p)).toBe(false);
    }
  });

  it('lets office staff dispatch but not consultants', () => {
    expect(can('staff', 'schedule.manage')).toBe(true);
    expect(can('consultant', 'schedule.manage')).toBe(false);
    expect(can('staff', 'clients.write')).toBe(true);
    expect(can('consultant', 'clients.write')).toBe(false);
  });

  it('lets every role manage its own account', () => {
    for (const role of ['owner', 'consultant', 'staff'] as const) expect(can(role, 'account.own')).toBe(true);
  });

  it('names only known roles', () => {
    for (const roles of Object.values(permissions)) for (const r of roles) expect(['owner', 'consultant', 'staff']).toContain(r);
  });

  it('assertCan throws ForbiddenError for a missing right', () => {
    expect(() => assertCan('consultant', 'firm.settings')).toThrow(ForbiddenError);
    expect(() => assertCan('owner', 'firm.settings')).not.toThrow();
  });
});
