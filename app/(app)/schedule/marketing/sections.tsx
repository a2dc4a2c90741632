import { HolidayForm, RemoveHolidayButton, RemoveTimeOffButton, TimeOffForm } from '@/components/schedule/days-off-forms';
import { EndBlockForm } from '@/components/schedule/marketing-forms';
import { OccurrenceControls } from '@/components/schedule/occurrence-controls';
import { cardClass } from '@/components/ui/styles';
import type { HolidayDTO, TimeOffDTO } from '@/lib/dal/days-off';
import type { BlockDTO } from '@/lib/dal/marketing-blocks';
import type { Occurrence } from '@/lib/time/recurrence';
import { dayLabel, dayRangeLabel, dayTimeLabel, formatMinute, timeSpan, type HourClock } from '@/lib/time/format';
import type { LocalDate } from '@/lib/time/zoned';
import { marketingKindLabels } from '@/lib/labels';

/** The person's rules, each with its label (the kind only when the title does not say it) and the rule in words. */
export function RulesSection({ rules, from, hours }: { rules: BlockDTO[]; from: LocalDate; hours: HourClock }) {
  return (
    <section className={`${cardClass} p-5`}>
      <h2 className="mb-3 text-lg font-semibold">Rules ({rules.length})</h2>
      {rules.length ? (
        <ul className="divide-y divide-slate-100" data-testid="marketing-rules">
          {rules.map((r) => (
            <li key={r.id} className="py-3">
              <p className="font-medium">{r.label}</p>
              <p className="text-sm text-slate-700">
                {r.text === 'once' ? dayLabel(r.firstDate) : `${r.text[0]!.toUpperCase()}${r.text.slice(1)}`},{' '}
                {timeSpan(r.startMinute, r.endMinute, hours)}
                {r.text === 'once' ? '' : ` · from ${dayLabel(r.firstDate)}`}
              </p>
              {r.repeat !== 'once' && (!r.lastDate || r.lastDate >= from) ? (
                <details className="mt-1">
                  <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium text-brand-800">End this rule…</summary>
                  <EndBlockForm blockId={r.id} defaultDate={from} />
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-slate-600">No protected time yet. Reserve marketing hours before anything else fills the week.</p>
      )}
    </section>
  );
}

/** The coming occurrences, each with skip/un-skip and move; a skip or move names the date the rule gave it. */
export function OccurrencesSection({ occurrences, hours }: { occurrences: Occurrence[]; hours: HourClock }) {
  return (
    <section className={`${cardClass} p-5`}>
      <h2 className="mb-3 text-lg font-semibold">Next 4 weeks</h2>
      <ul className="divide-y divide-slate-100" data-testid="occurrences">
        {occurrences.map((o) => (
          <li key={`${o.blockId}-${o.ruleDate}`} className="py-2">
            <p className={o.skipped ? 'text-slate-500 line-through' : ''}>
              <span className="font-medium">{dayLabel(o.date)}</span>, {timeSpan(o.startMinute, o.endMinute, hours)} ·{' '}
              {o.title || marketingKindLabels[o.kind as keyof typeof marketingKindLabels]}
            </p>
            {o.skipped ? <p className="text-sm text-slate-600">Skipped: {o.skipped}</p> : null}
            {o.moved ? (
              <p className="text-sm text-slate-600">
                Moved{o.ruleDate !== o.date ? ` from ${dayLabel(o.ruleDate)}` : ''}: {o.moved}
              </p>
            ) : null}
            <OccurrenceControls
              blockId={o.blockId}
              date={o.ruleDate}
              label={dayTimeLabel(o.date, o.startMinute, { hours })}
              start={formatMinute(o.startMinute)}
              end={formatMinute(o.endMinute)}
              skipped={Boolean(o.skipped)}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

type DaysOffProps = { holidays: HolidayDTO[]; timeOff: TimeOffDTO[]; userId: number; from: LocalDate; owner: boolean };

/** The firm's holidays (the owner keeps them) and this person's time off: days no block happens and nothing is booked. */
export function DaysOffSection({ holidays, timeOff, userId, from, owner }: DaysOffProps) {
  return (
    <section className={`${cardClass} space-y-4 p-5`} aria-labelledby="days-off-heading">
      <h2 id="days-off-heading" className="text-lg font-semibold">
        Holidays and time off
      </h2>
      <p className="text-sm text-slate-600">No block happens on these days, and nothing can be booked on them.</p>
      <div>
        <h3 className="font-medium">Firm holidays</h3>
        <ul className="mb-2 divide-y divide-slate-100" data-testid="holidays">
          {holidays.map((h) => (
            <li key={h.id} className="flex min-h-11 flex-wrap items-center gap-x-3 py-1">
              <span>
                {dayLabel(h.date)} · {h.name}
              </span>
              {owner ? <RemoveHolidayButton holidayId={h.id} label={`${dayLabel(h.date)} ${h.name}`} /> : null}
            </li>
          ))}
          {holidays.length ? null : <li className="py-1 text-slate-600">No holidays ahead.</li>}
        </ul>
        {owner ? <HolidayForm defaultDate={from} /> : <p className="text-sm text-slate-600">The firm’s owner keeps the holidays.</p>}
      </div>
      <div>
        <h3 className="font-medium">Time off</h3>
        <ul className="mb-2 divide-y divide-slate-100" data-testid="time-off">
          {timeOff.map((t) => (
            <li key={t.id} className="flex min-h-11 flex-wrap items-center gap-x-3 py-1">
              <span>
                {dayRangeLabel(t.firstDate, t.lastDate)}
                {t.note ? ` · ${t.note}` : ''}
              </span>
              <RemoveTimeOffButton timeOffId={t.id} label={dayRangeLabel(t.firstDate, t.lastDate)} />
            </li>
          ))}
          {timeOff.length ? null : <li className="py-1 text-slate-600">No time off ahead.</li>}
        </ul>
        <TimeOffForm userId={userId} defaultDate={from} />
      </div>
    </section>
  );
}
