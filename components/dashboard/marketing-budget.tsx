import { scaleBand, scaleLinear } from '@visx/scale';
import { cardClass } from '@/components/ui/styles';
import { formatHours } from '@/lib/time/format';

/** What the section shows of one person (lib/dal/marketing-budget.ts BudgetPersonDTO, with week labels). */
export type BudgetRow = {
  userId: number;
  name: string;
  thisWeek: { allotment: number; carriedIn: number; owed: number; spent: number; remaining: number };
  bookedShare: number | null;
  alert: 80 | 95 | null;
};
export type TrendBar = { label: string; minutes: number };

const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)} %`);

/** The 80 %/95 % warnings: the week's free time is nearly booked while marketing is still owed. Shown on the dashboard and Today. */
export function BudgetAlerts({ people }: { people: BudgetRow[] }) {
  const alerting = people.filter((p) => p.alert !== null);
  if (!alerting.length) return null;
  return (
    <div className="mb-6 space-y-2" data-testid="budget-alerts">
      {alerting.map((p) => (
        <p
          key={p.userId}
          role="alert"
          className={`rounded-xl border p-4 font-medium ${p.alert === 95 ? 'border-red-300 bg-red-50 text-red-900' : 'border-amber-300 bg-amber-50 text-amber-900'}`}
        >
          {p.name}: {pct(p.bookedShare)} of this week’s free time is booked and {formatHours(p.thisWeek.remaining)} of marketing is still
          owed.
        </p>
      ))}
    </div>
  );
}

/** Allotment, carry-over, owed, spent and still to do per person (and the firm), and the 12-week trend of displaced marketing. */
export function MarketingBudgetSection({ people, trend, firmWide }: { people: BudgetRow[]; trend: TrendBar[]; firmWide: boolean }) {
  const total = (k: keyof BudgetRow['thisWeek']) => people.reduce((s, p) => s + p.thisWeek[k], 0);
  const cols = ['allotment', 'carriedIn', 'owed', 'spent', 'remaining'] as const;
  return (
    <section aria-labelledby="budget-heading" className={`${cardClass} mb-6 space-y-4 p-4`} data-testid="marketing-budget">
      <h2 id="budget-heading" className="text-lg font-semibold">
        Marketing budget this week
      </h2>
      {/* Scrolls sideways on a phone: focusable and named, so a keyboard can scroll it too. */}
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Marketing budget per person">
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200">
              {['Person', 'Allotment', 'Carried in', 'Owed', 'Spent', 'Still to do', 'Booked'].map((heading, i, all) => (
                <th key={heading} scope="col" className={i < all.length - 1 ? 'py-2 pr-3' : 'py-2'}>
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.userId} className="border-b border-slate-100">
                <th scope="row" className="py-2 pr-3 font-medium">
                  {p.name}
                </th>
                {cols.map((k) => (
                  <td key={k} className="py-2 pr-3">
                    {formatHours(p.thisWeek[k])}
                  </td>
                ))}
                <td className="py-2">{pct(p.bookedShare)}</td>
              </tr>
            ))}
            {firmWide && people.length > 1 ? (
              <tr className="font-semibold">
                <th scope="row" className="py-2 pr-3">
                  The firm
                </th>
                {cols.map((k) => (
                  <td key={k} className="py-2 pr-3">
                    {formatHours(total(k))}
                  </td>
                ))}
                <td className="py-2" />
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <DisplacedChart trend={trend} />
    </section>
  );
}

type Size = { w: number; h: number };
// Two drawings, as the weekly chart: the narrow one for a phone keeps its labels readable at 375 px, the wide one from 768 px.
const NARROW: Size = { w: 360, h: 170 };
const WIDE: Size = { w: 720, h: 170 };
const M = { top: 8, right: 8, bottom: 24, left: 40 };

/** Micro hours that displaced marketing, the last 12 finished weeks: plain SVG laid out with visx's scales, as the weekly chart. */
function DisplacedChart({ trend }: { trend: TrendBar[] }) {
  const sum = trend.reduce((s, t) => s + t.minutes, 0);
  return (
    <figure>
      <figcaption className="mb-1 text-sm font-medium">
        Micro hours that displaced marketing, last {trend.length} weeks: {formatHours(sum)}
      </figcaption>
      <Bars trend={trend} size={NARROW} className="md:hidden" every={4} />
      <Bars trend={trend} size={WIDE} className="hidden md:block" every={2} />
    </figure>
  );
}

function Bars({ trend, size, className, every }: { trend: TrendBar[]; size: Size; className: string; every: number }) {
  const innerW = size.w - M.left - M.right;
  const innerH = size.h - M.top - M.bottom;
  const x = scaleBand<string>({ domain: trend.map((t) => t.label), range: [0, innerW], padding: 0.25 });
  const y = scaleLinear<number>({ domain: [0, Math.max(1, ...trend.map((t) => t.minutes / 60))], range: [innerH, 0], nice: true });
  const labelled = trend.filter((_, i) => (trend.length - 1 - i) % every === 0);
  return (
    <svg
      viewBox={`0 0 ${size.w} ${size.h}`}
      className={`h-auto w-full ${className}`}
      role="img"
      aria-label={`Chart: micro hours that displaced marketing per week; ${trend.map((t) => `${t.label} ${formatHours(t.minutes)}`).join(', ')}`}
      data-testid="displaced-chart"
    >
      <g transform={`translate(${M.left}, ${M.top})`}>
        {trend.map((t) => (
          <rect
            key={t.label}
            x={x(t.label) ?? 0}
            y={y(t.minutes / 60)}
            width={x.bandwidth()}
            height={innerH - y(t.minutes / 60)}
            fill="#d97706"
          >
            <title>{`${t.label}: ${formatHours(t.minutes)}`}</title>
          </rect>
        ))}
        <line x1={0} y1={innerH + 0.5} x2={innerW} y2={innerH + 0.5} stroke="#94a3b8" />
        <g fontFamily="Arial" fontSize={13} fill="#475569">
          {y.ticks(3).map((t) => (
            <text key={t} x={-8} y={y(t)} dy="0.3em" textAnchor="end">
              {`${t} h`}
            </text>
          ))}
          {labelled.map((t) => (
            <text key={t.label} x={(x(t.label) ?? 0) + x.bandwidth() / 2} y={innerH + 18} textAnchor="middle">
              {t.label}
            </text>
          ))}
        </g>
      </g>
    </svg>
  );
}
