import { redirect } from 'next/navigation';
import { requireMember } from '@/lib/dal/session';
import { can } from '@/lib/permissions';

export default async function SettingsIndex() {
  const member = await requireMember();
  redirect(can(member.role, 'firm.settings') ? '/settings/firm' : '/settings/profile');
}
