import { describe, expect, it } from 'vitest';
import { assertCan, can, ForbiddenError, permissions, whoCan, type Permission, type Role } from './permissions';

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

  // A change to the table is a change to who may do what: it must change this test too (and the README's Roles table).
  it('is, role by role, exactly this', () => {
    const rights = (role: Role) => (Object.keys(permissions) as Permission[]).filter((p) => can(role, p));
    expect(rights('owner')).toEqual(Object.keys(permissions));
    expect(rights('consultant')).toEqual([
      'account.own',
      'firm.read',
      'team.read',
      'clients.read',
      'schedule.read',
      'schedule.write',
      'schedule.own',
      'timesheets.own',
      'dashboard.own',
    ]);
    expect(rights('staff')).toEqual([
      'account.own',
      'firm.read',
      'team.read',
      'clients.read',
      'clients.write',
      'schedule.read',
      'schedule.write',
      'schedule.manage',
      'timesheets.own',
      'timesheets.all',
      'dashboard.own',
      'dashboard.firm',
      'invoices.read',
      'invoices.write',
    ]);
  });

  it('assertCan throws ForbiddenError for a missing right', () => {
    expect(() => assertCan('consultant', 'firm.settings')).toThrow(ForbiddenError);
    expect(() => assertCan('owner', 'firm.settings')).not.toThrow();
  });
});

describe('whoCan', () => {
  it('names the holders of a right from the table, so refusals cannot drift from it', () => {
    expect(whoCan('clients.write')).toBe('the owner and office staff');
    expect(whoCan('schedule.manage')).toBe('the owner and office staff');
    expect(whoCan('schedule.own')).toBe('the owner and consultants');
    expect(whoCan('firm.settings')).toBe('the firm’s owner');
    expect(whoCan('clients.read')).toBe('the owner, consultants and office staff');
  });
});
