import { Link } from '@/components/ui/link';
import { BottomNav, SidebarNav } from '@/components/shell/nav';
import { LogoutButton } from '@/components/shell/logout-button';
import { ConfirmEmailBanner } from '@/components/auth/confirm-email-forms';
import { emailConfirmed } from '@/lib/dal/email-confirmation';
import { getFirm } from '@/lib/dal/firm';
import { mailServerConfigured } from '@/lib/dal/mail';
import { requireMember } from '@/lib/dal/session';
import { roleLabels } from '@/lib/permissions';
import { HourClockProvider } from '@/components/ui/time-field';

// Convenience only: every page and action below checks the session again itself.
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const member = await requireMember();
  const firm = getFirm(member);
  return (
    <div className="min-h-screen md:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <aside className="hidden w-60 shrink-0 flex-col gap-6 border-r border-slate-200 bg-white p-4 md:flex">
        <Link href="/dashboard" className="text-xl font-bold tracking-tight text-brand-800">
          Sweetspot
        </Link>
        <SidebarNav role={member.role} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-2">
          <div className="min-w-0">
            <p className="truncate font-semibold" data-testid="firm-name">
              {firm.name}
            </p>
            <p className="truncate text-sm text-slate-600">
              {member.name} · {roleLabels[member.role]}
            </p>
          </div>
          <LogoutButton />
        </header>
        {emailConfirmed(member) ? null : <ConfirmEmailBanner email={member.email} mailServer={mailServerConfigured()} />}
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 pb-24 pt-6 md:pb-10">
          <HourClockProvider hours={firm.hourClock}>{children}</HourClockProvider>
        </main>
      </div>
      <BottomNav role={member.role} />
    </div>
  );
}
