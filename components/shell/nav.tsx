'use client';

import { Link } from '@/components/ui/link';
import { usePathname } from 'next/navigation';
import { can, type Permission, type Role } from '@/lib/permissions';

export const navItems = [
  { href: '/dashboard', label: 'Dashboard', icon: 'M3 12l9-9 9 9M5 10v10h14V10' },
  { href: '/clients', label: 'Clients', icon: 'M16 11a4 4 0 10-8 0 4 4 0 008 0zM4 21a8 8 0 0116 0' },
  { href: '/schedule', label: 'Schedule', icon: 'M4 5h16v15H4zM4 10h16M9 3v4M15 3v4' },
  { href: '/today', label: 'Today', icon: 'M12 8v4l3 2M12 21a9 9 0 110-18 9 9 0 010 18z' },
  { href: '/timesheets', label: 'Timesheets', icon: 'M6 3h12v18H6zM9 8h6M9 12h6M9 16h4' },
  {
    href: '/invoices',
    label: 'Invoices',

    icon: 'M7 3h10v18l-2.5-1.5L12 21l-2.5-1.5L7 21zM10 8h4M10 12h4',
    permission: 'invoices.read',
  },
  { href: '/settings', label: 'Settings', icon: 'M12 15a3 3 0 100-6 3 3 0 000 6zM19 12h2M3 12h2M12 3v2M12 19v2' },
] as const satisfies readonly NavItem[];

/**
 * One name per page, the same on the sidebar and the phone's bar, and each link's accessible name is its visible
 * text (WCAG 2.5.3, label in name): someone who says "click Timesheets" to voice control finds it on both.
 */
type NavItem = { href: string; label: string; icon: string; permission?: Permission };

/** The links this role has a use for (the pages check again). */
export function itemsFor(role: Role): NavItem[] {
  return (navItems as readonly NavItem[]).filter((item) => !item.permission || can(role, item.permission));
}

function isActive(pathname: string, href: string) {
  return pathname === href || pathname.startsWith(`${href}/`);
}

function Icon({ d }: { d: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="h-5 w-5 shrink-0"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={d} />
    </svg>
  );
}

export function SidebarNav({ role }: { role: Role }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-1">
      {itemsFor(role).map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className={`flex items-center gap-3 rounded-md px-3 py-2 font-medium ${active ? 'bg-brand-100 text-brand-800' : 'text-slate-700 hover:bg-slate-100'}`}
          >
            <Icon d={item.icon} />
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}

/** Phone navigation: a fixed bar of large targets at the bottom, where a thumb reaches. */
export function BottomNav({ role }: { role: Role }) {
  const pathname = usePathname();
  return (
    <nav
      aria-label="Main"
      className="fixed inset-x-0 bottom-0 z-20 border-t border-slate-200 bg-white pb-[env(safe-area-inset-bottom)] md:hidden"
    >
      <ul className="grid" style={{ gridTemplateColumns: `repeat(${itemsFor(role).length}, minmax(0, 1fr))` }}>
        {itemsFor(role).map((item) => {
          const active = isActive(pathname, item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? 'page' : undefined}
                className={`flex min-h-14 flex-col items-center justify-center gap-0.5 px-0.5 text-[10px] font-medium tracking-tight ${active ? 'text-brand-700' : 'text-slate-600'}`}
              >
                <Icon d={item.icon} />
                <span className="max-w-full truncate">{item.label}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
