import { dayLabel } from '@/lib/time/format';
import type { LocalDate } from '@/lib/time/zoned';
import { roleLabels, type Role } from '@/lib/permissions';

/*
 * How the audit log reads to a firm: what was done in words, the fields by the names their forms give them, dates as
 * days. The log stores keys and raw values (they are the record); only their reading lives here.
 */

const actionLabels: Record<string, string> = {
  'firm.created': 'Created the firm',
  'firm.settings_updated': 'Changed firm settings',
  'firm.billing_updated': 'Changed billing settings',
  'firm.tier_terms_updated': 'Changed the terms by tier',
  'team.member_added': 'Added a team member',
  'team.role_changed': 'Changed a role',
  'team.member_deactivated': 'Deactivated a team member',
  'team.member_reactivated': 'Reactivated a team member',
  'team.password_reset': 'Reset a password',
  'user.password_changed': 'Changed their password',
  'mail.resent': 'Sent a failed message again',
  'mail.opt_out': 'Opted out of optional email',
  'mail.opt_in': 'Opted back in to optional email',
  'team.member_invited': 'Invited a team member by email',
  'team.invitation_resent': 'Sent an invitation again',
  'team.invitation_revoked': 'Revoked an invitation',
  'user.invite_accepted': 'Accepted an invitation',
  'user.password_reset_requested': 'Asked for a password reset link',
  'user.password_reset_by_link': 'Reset their password from a link',
  'user.email_confirmed': 'Confirmed their email address',
  'user.two_factor_enabled': 'Turned on two-factor sign-in',
  'user.two_factor_disabled': 'Turned off two-factor sign-in',
  'user.two_factor_reset': 'Turned off a member’s two-factor sign-in (lost phone)',
  'user.recovery_code_used': 'Signed in with a recovery code',
  'firm.two_factor_required': 'Required two-factor sign-in for everyone',
  'firm.two_factor_optional': 'Made two-factor sign-in optional',
  'appointment.create': 'Added an appointment',
  'appointment.delete': 'Removed an appointment',
  'appointment.restore': 'Put back a removed appointment',
  'client.created': 'Added a client',
  'client.details_confirmed': 'Confirmed a requesting client’s details',
  'client.imported': 'Imported clients',
  'client.terms_changed': 'Changed a client’s terms',
  'contract.created': 'Added a contract',
  'contract.ended': 'Ended a contract',
  'feed.revoke': 'Switched off a calendar feed',
  'holiday.create': 'Added a firm holiday',
  'holiday.delete': 'Removed a firm holiday',
  'invoice.draft_deleted': 'Deleted a draft invoice',
  'invoice.drafted': 'Prepared a draft invoice',
  'invoice.finalised': 'Finalised an invoice',
  'invoice.line_added': 'Added an invoice line',
  'invoice.line_changed': 'Changed an invoice line',
  'invoice.line_removed': 'Removed an invoice line',
  'invoice.sent': 'Marked an invoice sent',
  'invoice.emailed': 'Emailed an invoice',
  'invoice.voided': 'Voided an invoice',
  'invoices.prepared': 'Prepared a month’s invoices',
  'marketing.create': 'Added a marketing block',
  'marketing.end': 'Ended a marketing block’s rule',
  'marketing.move': 'Moved a marketing block occurrence',
  'marketing.skip': 'Skipped a marketing block occurrence',
  'marketing.unskip': 'Took back a skipped occurrence',
  'payment.recorded': 'Recorded a payment',
  'payment.reversed': 'Reversed a payment',
  'request_page.confirmed': 'Confirmed a client’s request',
  'request_page.declined': 'Declined a client’s request',
  'request_page.received': 'Received a request from the request page',
  'schedule.accept': 'Booked the auto-scheduler’s proposals',
  'schedule.micro_cap': 'Changed a weekly micro cap',
  'schedule.marketing_allotment': 'Changed a weekly marketing allotment',
  'schedule.marketing_window': 'Changed a flexible marketing window',
  'schedule.working_hours': 'Changed working hours',
  'time_off.create': 'Recorded time off',
  'time_off.delete': 'Removed time off',
  'timesheet.add': 'Logged time',
  'timesheet.delete': 'Deleted a time entry',
  'timesheet.edit': 'Changed a time entry',
  'timesheet.submit': 'Submitted a week’s timesheet',
  'visit.budget_override': 'Booked a visit over the marketing budget',
  'visit.cancel': 'Cancelled a visit',
  'visit.request': 'Asked for a visit',
  'visit.restore': 'Restored a cancelled visit',
};

const fieldLabels: Record<string, string> = {
  name: 'Name',
  hourClock: 'Clock',
  requireTwoFactor: 'Two-factor sign-in required',
  microMaxSeats: 'Micro: up to (seats)',
  sweetSpotMinSeats: 'Sweet spot: from (seats)',
  largeMinSeats: 'Large: from (seats)',
  sweetSpotMinRevenueCents: 'Sweet spot: billed in 12 months at least',
  sweetSpotRequiresServer: 'Sweet spot requires a server',
  targetHourlyRateCents: 'Target hourly rate',
  weeklyMarketingTargetMinutes: 'Weekly marketing target (minutes)',
  billingIncrementMinutes: 'Check-out rounding (minutes)',
  toDate: 'New date',
};

const sentence = (words: string) => (words ? `${words[0]!.toUpperCase()}${words.slice(1)}` : words);

/** "Moved a marketing block occurrence"; a key not named here still reads as words ("Something new"). */
export function auditActionLabel(action: string): string {
  return actionLabels[action] ?? sentence(action.replace(/[._]+/g, ' ').trim());
}

/** "Micro: up to (seats)"; other keys as words ("startDate" → "Start date"). */
export function auditFieldLabel(key: string): string {
  return (
    fieldLabels[key] ??
    sentence(
      key
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/_/g, ' ')
        .toLowerCase(),
    )
  );
}

/**
 * A stored value as people read it: a role by its name ("Office staff"), money for a field kept in cents ("…Cents"), a day for an ISO date, yes/no, "—"
 * for nothing; text without JSON quotes.
 */
export function auditValue(value: unknown, { key = '', thisYear }: { key?: string; thisYear?: number } = {}): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return key.endsWith('Cents') ? `$${(value / 100).toFixed(2)}` : String(value);
  if (key === 'role' && typeof value === 'string' && value in roleLabels) return roleLabels[value as Role];
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? dayLabel(value as LocalDate, { thisYear }) : value;
  return JSON.stringify(value);
}
