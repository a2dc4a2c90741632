import { SettingsTabs } from '@/components/settings/settings-tabs';
import { requireMember } from '@/lib/dal/session';
import { can } from '@/lib/permissions';

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const member = await requireMember();
  const tabs = [
    { href: '/settings/profile', label: 'Your account' },
    ...(can(member.role, 'firm.settings') ? [{ href: '/settings/firm', label: 'Firm' }] : []),
    ...(can(member.role, 'firm.settings') ? [{ href: '/settings/billing', label: 'Billing' }] : []),
    { href: '/settings/team', label: 'Team' },
    ...(can(member.role, 'mail.manage') ? [{ href: '/settings/email', label: 'Email' }] : []),
    ...(can(member.role, 'audit.read') ? [{ href: '/settings/audit', label: 'Audit log' }] : []),
  ];
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold tracking-tight">Settings</h1>
      <SettingsTabs tabs={tabs} />
      <div className="mt-6">{children}</div>
    </>
  );
}
