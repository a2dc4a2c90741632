import type { Metadata } from 'next';
import { BlockForm, EndBlockForm, OccurrenceActions } from '@/components/schedule/forms';
import { UnskipOccurrenceButton } from '@/components/schedule/undo-actions';
import { getFirm } from '@/lib/dal/firm';
import { listMarketing } from '@/lib/dal/marketing-blocks';
import { requireMember } from '@/lib/dal/session';
import { marketingKindLabels, weekdayLabels } from '@/lib/labels';
import { dayLabel, formatMinute } from '@/lib/time/format';
import { today } from '@/lib/time/zoned';
import { choosePerson } from '../who';
import { PersonPageTop } from '../whose';
import { cardClass } from '@/components/ui/styles';

export const metadata: Metadata = { title: 'Marketing blocks' };

const description =
  'Reserved first. Nothing can be booked over these blocks; only skipping or moving one occurrence, with a reason, frees its time.';

export default async function MarketingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember();
  const { person, people } = choosePerson(member, (await searchParams).who);
  const top = (
    <PersonPageTop
      title="Protected marketing time"
      description={description}
      person={person}
      people={people}
      what="marketing blocks"
      action="/schedule/marketing"
    />
  );
  if (!person) return top;
  const firm = getFirm(member);
  const from = today(firm.timeZone);
  const { rules, occurrences } = listMarketing(member, person.id, from, 4);
  return (
    <>
      {top}
      <div className="space-y-6">
        <section className={`${cardClass} p-5`}>
          <h2 className="mb-3 text-lg font-semibold">Add a block</h2>
          <BlockForm userId={person.id} defaultDate={from} />
        </section>
        <section className={`${cardClass} p-5`}>
          <h2 className="mb-3 text-lg font-semibold">Rules ({rules.length})</h2>
          {rules.length ? (
            <ul className="divide-y divide-slate-100" data-testid="marketing-rules">
              {rules.map((r) => (
                <li key={r.id} className="py-3">
                  <p className="font-medium">
                    {r.name}{' '}
                    <span className="text-sm text-slate-600">({marketingKindLabels[r.kind as keyof typeof marketingKindLabels]})</span>
                  </p>
                  <p className="text-sm text-slate-700">
                    {r.repeat === 'weekly' ? `Every ${weekdayLabels[r.weekday - 1]}` : dayLabel(r.firstDate)}, {formatMinute(r.startMinute)}
                    –{formatMinute(r.endMinute)}
                    {r.repeat === 'weekly' ? ` from ${r.firstDate}${r.lastDate ? ` to ${r.lastDate}` : ''}` : ''}
                  </p>
                  {r.repeat === 'weekly' && (!r.lastDate || r.lastDate >= from) ? (
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
        <section className={`${cardClass} p-5`}>
          <h2 className="mb-3 text-lg font-semibold">Next 4 weeks</h2>
          <ul className="divide-y divide-slate-100" data-testid="occurrences">
            {occurrences.map((o) => (
              <li key={`${o.blockId}-${o.date}`} className="py-2">
                <p className={o.skipped ? 'text-slate-500 line-through' : ''}>
                  <span className="font-medium">{dayLabel(o.date)}</span>, {formatMinute(o.startMinute)}–{formatMinute(o.endMinute)} ·{' '}
                  {o.title || marketingKindLabels[o.kind as keyof typeof marketingKindLabels]}
                </p>
                {o.skipped ? (
                  <>
                    <p className="text-sm text-slate-600">Skipped: {o.skipped}</p>
                    <UnskipOccurrenceButton
                      blockId={o.blockId}
                      date={o.date}
                      label={`${dayLabel(o.date)}, ${formatMinute(o.startMinute)}`}
                    />
                  </>
                ) : null}
                {o.moved ? <p className="text-sm text-slate-600">Moved: {o.moved}</p> : null}
                {!o.skipped ? (
                  <OccurrenceActions
                    blockId={o.blockId}
                    date={o.date}
                    start={formatMinute(o.startMinute)}
                    end={formatMinute(o.endMinute)}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
