import type { Role } from '@/db/schema';

export type { Role };

/**
 * The one table that decides what each role may do. Hiding a button is a
 * courtesy; every DAL function calls `assertCan` with one of these.
 */
export const permissions = {
  'account.own': ['owner', 'consultant', 'staff'],
  'firm.read': ['owner', 'consultant', 'staff'],
  'firm.settings': ['owner'],
  'team.read': ['owner', 'consultant', 'staff'],
  'team.manage': ['owner'],
  'audit.read': ['owner'],
  'clients.read': ['owner', 'consultant', 'staff'],
  'clients.write': ['owner', 'staff'],
  'schedule.read': ['owner', 'consultant', 'staff'],
  /** Changes a person's working hours, marketing blocks or appointments: one's own (schedule.own) or anyone's (schedule.manage); the data layer decides whose. */
  'schedule.write': ['owner', 'consultant', 'staff'],
  'schedule.manage': ['owner', 'staff'],
  'schedule.own': ['owner', 'consultant'],
  'timesheets.own': ['owner', 'consultant', 'staff'],
  'timesheets.all': ['owner', 'staff'],
  'dashboard.own': ['owner', 'consultant', 'staff'],
  'dashboard.firm': ['owner', 'staff'],
  /** Invoices and payments: drafting, finalising, voiding, recording money received. */
  'invoices.read': ['owner', 'staff'],
  'invoices.write': ['owner', 'staff'],
  /** Settings → Email: the firm's outgoing messages (who was sent what, failures) and sending a failed one again. */
  'mail.manage': ['owner'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

export class ForbiddenError extends Error {
  constructor(public readonly permission: Permission) {
    super('You do not have permission to do that.');
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends Error {
  constructor(what = 'That record') {
    super(`${what} was not found.`);
    this.name = 'NotFoundError';
  }
}

export function assertCan(role: Role, permission: Permission): void {
  if (!can(role, permission)) throw new ForbiddenError(permission);
}

export const roleLabels: Record<Role, string> = {
  owner: 'Owner',
  consultant: 'Consultant',
  staff: 'Office staff',
};

export const roleDescriptions: Record<Role, string> = {
  owner: 'Everything: firm settings, team, audit log, clients, every schedule and timesheet.',
  consultant: 'Reads clients, works their own schedule, checks in and out, keeps their own timesheet.',
  staff: 'Dispatches: edits clients, manages every schedule and timesheet; no firm settings or team.',
};

const roleNouns: Record<Role, string> = { owner: 'the owner', consultant: 'consultants', staff: 'office staff' };

/**
 * Who holds a right, in words, read from the table above: what a refusal tells a person ("Only the owner and
 * office staff can …"). Written by hand, these sentences drifted from the table (client editing was said to be
 * the owner's alone while office staff edit clients every day).
 */
export function whoCan(permission: Permission): string {
  const holders = permissions[permission] as readonly Role[];
  if (holders.length === 1 && holders[0] === 'owner') return 'the firm’s owner';
  const nouns = holders.map((r) => roleNouns[r]);
  return nouns.length <= 1 ? (nouns[0] ?? 'nobody') : `${nouns.slice(0, -1).join(', ')} and ${nouns.at(-1)}`;
}
