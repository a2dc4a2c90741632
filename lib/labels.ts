import type { ClientStatus, GrowthOutlook, TimeCategory } from '@/db/schema';

export const statusLabels: Record<ClientStatus, string> = {
  prospect: 'Prospect',
  active: 'Active',
  referred_out: 'Referred out',
  archived: 'Archived',
};

export const growthLabels: Record<GrowthOutlook, string> = { shrinking: 'Shrinking', flat: 'Flat', growing: 'Growing' };

export const categoryLabels: Record<TimeCategory, string> = {
  micro: 'Micro client',
  sweet_spot: 'Sweet-spot client',
  marketing: 'Marketing',
  admin: 'Admin',
};
