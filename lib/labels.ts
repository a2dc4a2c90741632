import type { ClientStatus, GrowthOutlook, Tier, TimeCategory, Urgency } from '@/db/schema';

export const statusLabels: Record<ClientStatus, string> = {
  prospect: 'Prospect',
  active: 'Active',
  referred_out: 'Referred out',
  archived: 'Archived',
};

export const growthLabels: Record<GrowthOutlook, string> = { shrinking: 'Shrinking', flat: 'Flat', growing: 'Growing' };

/**
 * The kind of a time entry as people read it: client work as its client's tier (as the dashboard buckets
 * it; entries filed before emerging and large existed say sweet_spot for those clients), else as stored.
 */
export function categoryAsRead(category: TimeCategory, clientTier: Tier | null | undefined): TimeCategory {
  return category === 'marketing' || category === 'admin' || !clientTier ? category : clientTier;
}

export const categoryLabels: Record<TimeCategory, string> = {
  micro: 'Micro client',
  emerging: 'Emerging client',
  sweet_spot: 'Sweet-spot client',
  large: 'Large client',
  marketing: 'Marketing',
  admin: 'Admin',
};

export const marketingKindLabels: Record<import('@/db/schema').MarketingKind, string> = {
  direct_mail: 'Direct mail',
  follow_up_calls: 'Follow-up calls',
  expo: 'Expo',
  seminar: 'Seminar',
  networking: 'Networking',
  learning: 'Learning',
  other: 'Other marketing',
};

export const visitStatusLabels: Record<import('@/db/schema').VisitStatus, string> = {
  open: 'Open',
  scheduled: 'Scheduled',
  checked_in: 'Checked in',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const weekdayLabels = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** How urgent a request from the client request page is, as the client picks it. */
export const urgencyLabels: Record<Urgency, string> = {
  today: 'Today if at all possible',
  this_week: 'This week',
  whenever: 'Whenever you can',
};

/** How often a visit request repeats (the request form; lib/dal/visit-series.ts makes the rule). */
export const visitRepeats = ['none', 'weekly', 'biweekly', 'monthly'] as const;
export type VisitRepeat = (typeof visitRepeats)[number];
export const REPEAT_LABELS: Record<VisitRepeat, string> = {
  none: 'Does not repeat',
  weekly: 'Every week',
  biweekly: 'Every 2 weeks',
  monthly: 'Every month',
};
