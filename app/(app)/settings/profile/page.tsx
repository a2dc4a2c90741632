import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/auth/change-password-form';
import { requireMember, type Member } from '@/lib/dal/session';
import { can, roleDescriptions, roleLabels } from '@/lib/permissions';
import { LocationForm } from '@/components/settings/location-form';
import { shareLocationOf } from '@/lib/dal/field';
import { FeedForm } from '@/components/settings/feed-form';
import { getFeedTokens } from '@/lib/dal/feeds';
import type { ShownLink } from '@/lib/link-tokens';
import { appOrigin } from '@/lib/request';
import { cardClass } from '@/components/ui/styles';
import { OptionalMailForm } from '@/components/settings/optional-mail-form';
import { getsOptionalMail } from '@/lib/dal/mail-preferences';
import { TwoFactorPanel } from '@/components/settings/two-factor-panel';
import { twoFactorState } from '@/lib/dal/two-factor';
import { qrPath } from '@/lib/qr';
import { ExternalCalendars, type ExternalCalendarView } from '@/components/settings/external-calendars';
import { listOwnCalendars, type ExternalCalendarDTO } from '@/lib/dal/external-calendars';
import { getFirm } from '@/lib/dal/firm';
import { instantLabel } from '@/lib/time/format';

/** A calendar's status in words: how many events, when; or why it could not be read and what still counts. */
function statusLine(c: ExternalCalendarDTO, at: (ms: number) => string): string {
  if (c.status === 'never') return 'Not read yet.';
  const events = `${c.eventCount} ${c.eventCount === 1 ? 'event' : 'events'}`;
  if (c.status === 'ok')
    return `Read ${at(c.lastFetchedAt!)}: ${events} from last week to 90 days ahead count as busy.${c.statusMessage ? ` ${c.statusMessage}` : ''}`;
  const kept = c.lastFetchedAt ? ` The ${events} read ${at(c.lastFetchedAt)} still count.` : '';
  return `${c.statusMessage} Tried ${at(c.lastAttemptAt!)}.${kept}`;
}

/** "Your other calendars": the person's own, and only theirs. */
function OtherCalendarsSection({ member }: { member: Member }) {
  const { timeZone, hourClock } = getFirm(member);
  const at = (ms: number) => instantLabel(ms, timeZone, { hours: hourClock });
  const calendars: ExternalCalendarView[] = listOwnCalendars(member).map((c) => ({
    id: c.id,
    maskedUrl: c.maskedUrl,
    status: c.status,
    statusLine: statusLine(c, at),
  }));
  return (
    <section className={`${cardClass} p-5`} aria-labelledby="external-calendars-heading">
      <h2 id="external-calendars-heading" className="text-lg font-semibold">
        Your other calendars
      </h2>
      <p className="mb-3 text-sm text-slate-600">
        Add the private address of your own Google, Outlook or Apple calendar: Sweetspot reads it every half hour, and its events become
        busy time that the scheduler, bookings and the request page keep clear of. Others see only “Busy”, never the titles; the address is
        never shown again in full, to anyone.
      </p>
      <ExternalCalendars calendars={calendars} />
    </section>
  );
}

export const metadata: Metadata = { title: 'Your account' };

export default async function ProfilePage() {
  const member = await requireMember();
  const feeds = getFeedTokens(member);
  const origin = await appOrigin();
  const twoFactor = twoFactorState(member);
  const feedLink = (link: ShownLink) => (link ? { url: link.token ? `${origin}/feeds/${link.token}` : null } : null);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section className={`${cardClass} p-5`}>
        <h2 className="text-lg font-semibold">Your account</h2>
        <dl className="mt-3 space-y-2 text-sm">
          <div>
            <dt className="text-slate-600">Name</dt>
            <dd className="font-medium">{member.name}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Email</dt>
            <dd className="font-medium break-all">{member.email}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Role</dt>
            <dd className="font-medium">{roleLabels[member.role]}</dd>
            <dd className="text-slate-600">{roleDescriptions[member.role]}</dd>
          </div>
        </dl>
      </section>
      {can(member.role, 'schedule.own') ? (
        <section className={`${cardClass} p-5`}>
          <h2 className="mb-3 text-lg font-semibold">Location at check-in</h2>
          <LocationForm on={shareLocationOf(member)} />
        </section>
      ) : null}
      <section className={`${cardClass} p-5`} aria-labelledby="feed-heading">
        <h2 id="feed-heading" className="text-lg font-semibold">
          Calendar feed
        </h2>
        <p className="mb-3 text-sm text-slate-600">
          Subscribe from Google Calendar (“From URL”), Outlook (“Subscribe from web”) or Apple Calendar (“New calendar subscription”): your
          visits with client, address and notes, your appointments, and your protected marketing blocks as busy time, from 4 weeks back to
          12 weeks ahead.
        </p>
        <FeedForm scope="me" link={feedLink(feeds.me)} label="Your feed address" />
        {can(member.role, 'schedule.manage') ? (
          <div className="mt-6 border-t border-slate-200 pt-4">
            <h3 className="mb-2 font-semibold">Whole-team feed</h3>
            <FeedForm scope="firm" link={feedLink(feeds.firm)} label="Whole-team feed address" />
          </div>
        ) : null}
      </section>
      <OtherCalendarsSection member={member} />
      <section className={`${cardClass} p-5`} aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading" className="mb-3 text-lg font-semibold">
          Two-factor sign-in
        </h2>
        <TwoFactorPanel
          view={{ ...twoFactor, setup: twoFactor.setup ? { secret: twoFactor.setup.secret, qr: qrPath(twoFactor.setup.uri) } : null }}
        />
      </section>
      <section className={`${cardClass} p-5`}>
        <h2 className="mb-3 text-lg font-semibold">Email from Sweetspot</h2>
        <OptionalMailForm on={getsOptionalMail(member)} />
      </section>
      <section className={`${cardClass} p-5`}>
        <h2 className="text-lg font-semibold">Change password</h2>
        <p className="mb-3 text-sm text-slate-600">
          This also signs out your other devices and stops your calendar feed addresses; make new ones above afterwards.
        </p>
        <ChangePasswordForm />
      </section>
    </div>
  );
}
