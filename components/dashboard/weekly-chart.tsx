import { scaleBand, scaleLinear } from '@visx/scale';
import { formatHours } from '@/lib/time/format';

export type ChartWeek = {
  label: string;
  micro: number;
  emerging: number;
  sweet_spot: number;
  large: number;
  marketing: number;
  target: number;
};

const tiers = [
  { key: 'micro', name: 'Micro', color: '#d97706' },
  { key: 'emerging', name: 'Emerging', color: '#0284c7' },
  { key: 'sweet_spot', name: 'Sweet spot', color: '#15803d' },
  { key: 'large', name: 'Large', color: '#7c3aed' },
] as const;
const MARKETING = '#db2777';
const TARGET = '#be185d';

type Size = { w: number; h: number };
/** The chart's values are hours; titles write them by the app's one rule for hours ("0.75 h", "16 h"). */
const hours = (h: number) => formatHours(h * 60);
// Two drawings of the same data, each sized for the box it fills so its type stays readable: the narrow one on a phone
// (about 10 px labels at 375 px), the wide one from 768 px up (about 12 px there, 16 px filling a 1280-px desktop's
// card). CSS shows one; the other is display:none, so neither the eye nor a screen reader meets it twice.
const NARROW: Size = { w: 400, h: 230 };
const WIDE: Size = { w: 800, h: 260 };
const M = { top: 8, right: 8, bottom: 26, left: 46 };
const LABEL =
  'Chart: client hours per tier and marketing hours per week, with the marketing target; the same numbers are in the table below';

/**
 * Client hours per tier stacked, marketing hours beside them, the weekly
 * target as a dashed line. Drawn on the server as plain SVG: no chart code is
 * sent to the browser, and it fills its card on a phone or a desktop.
 * Each bar carries a <title> (the browser's own tooltip); screen readers get one
 * labelled image, and the same numbers are in the table below it.
 */
export function WeeklyChart({ weeks }: { weeks: ChartWeek[] }) {
  return (
    <figure className="w-full" data-testid="weekly-chart">
      <Drawing weeks={weeks} size={NARROW} className="md:hidden" name="narrow" />
      <Drawing weeks={weeks} size={WIDE} className="hidden md:block" name="wide" />
      <Legend />
    </figure>
  );
}

/** Drawing units to a tenth: invisible at these sizes, and it keeps each number in the page a few characters long. */
const r = (n: number) => Math.round(n * 10) / 10;
const AXIS = { stroke: '#94a3b8', shapeRendering: 'crispEdges' } as const;
const TICK_LABELS = { fontFamily: 'Arial', fontSize: 13, fill: '#475569' } as const;

/*
 * Plain SVG elements, laid out with visx's scales: the axis and bar components of @visx wrapped every tick and bar in
 * groups, nested <svg>s and class names, which made this chart more than half of the dashboard's page (two drawings of
 * thirteen weeks) and of the server's work to render it.
 */
function Drawing({ weeks, size, className, name }: { weeks: ChartWeek[]; size: Size; className: string; name: string }) {
  const innerW = size.w - M.left - M.right;
  const innerH = size.h - M.top - M.bottom;
  const clientTotal = (w: ChartWeek) => w.micro + w.emerging + w.sweet_spot + w.large;
  const max = Math.max(1, ...weeks.map((w) => Math.max(clientTotal(w), w.marketing, w.target)));
  const x = scaleBand<string>({ domain: weeks.map((w) => w.label), range: [0, innerW], padding: 0.25 });
  const y = scaleLinear<number>({ domain: [0, max], range: [innerH, 0], nice: true });
  const half = x.bandwidth() / 2;
  const left = (w: ChartWeek) => x(w.label) ?? 0;
  const yTicks = y.ticks(5);
  // Week labels thin out so they never overlap: at least 55 drawing units apart (a label is about 40).
  const every = Math.max(1, Math.ceil(weeks.length / Math.floor(innerW / 55)));
  const labelled = weeks.filter((_, i) => i % every === 0 || i === weeks.length - 1);
  const target = weeks.map((w, i) => `${i === 0 ? 'M' : 'L'}${r(left(w) + half)},${r(y(w.target))}`).join('');
  return (
    <svg viewBox={`0 0 ${size.w} ${size.h}`} className={`h-auto w-full ${className}`} role="img" aria-label={LABEL} data-size={name}>
      <g transform={`translate(${M.left}, ${M.top})`}>
        <g stroke="#e2e8f0" strokeDasharray="3 3">
          {yTicks.map((t) => (
            <line key={t} x1={0} x2={innerW} y1={r(y(t))} y2={r(y(t))} />
          ))}
        </g>
        <TierBars weeks={weeks} left={left} y={y} half={half} />
        {weeks.map((w) => (
          <rect
            key={w.label}
            x={r(left(w) + half)}
            y={r(y(w.marketing))}
            width={r(half)}
            height={r(innerH - y(w.marketing))}
            fill={MARKETING}
            data-series="marketing"
          >
            <title>{`${w.label}: Marketing ${hours(w.marketing)} of ${hours(w.target)}`}</title>
          </rect>
        ))}
        <path d={target} fill="none" stroke={TARGET} strokeWidth={2} strokeDasharray="5 4" />
        <g {...AXIS}>
          <line x1={0} y1={innerH + 0.5} x2={0} y2={0.5} />
          {yTicks.map((t) => (
            <line key={t} x1={0} y1={r(y(t))} x2={-8} y2={r(y(t))} />
          ))}
          <line x1={0} y1={innerH + 0.5} x2={innerW} y2={innerH + 0.5} />
          {labelled.map((w) => (
            <line key={w.label} x1={r(left(w) + half)} y1={innerH} x2={r(left(w) + half)} y2={innerH + 8} />
          ))}
        </g>
        <g {...TICK_LABELS} textAnchor="end">
          {yTicks.map((t) => (
            <text key={t} x={-8} y={r(y(t))} dx="-0.25em" dy="0.25em">
              {`${t} h`}
            </text>
          ))}
        </g>
        <g {...TICK_LABELS} textAnchor="middle">
          {labelled.map((w) => (
            <text key={w.label} x={r(left(w) + half)} y={innerH + 21} dy="0.25em">
              {w.label}
            </text>
          ))}
        </g>
      </g>
    </svg>
  );
}

type YScale = ReturnType<typeof scaleLinear<number>>;

/** Each week's client hours, stacked by tier from the bottom in the order of `tiers`, in the left half of the week's band. */
function TierBars({ weeks, left, y, half }: { weeks: ChartWeek[]; left: (w: ChartWeek) => number; y: YScale; half: number }) {
  return weeks.map((w) => {
    let below = 0;
    return tiers.map((t) => {
      const value = w[t.key];
      const base = below;
      below += value;
      if (!(y(base) - y(below) > 0)) return null;
      return (
        <rect
          key={`${t.key}-${w.label}`}
          x={r(left(w))}
          y={r(y(below))}
          width={r(half)}
          height={r(y(base) - y(below))}
          fill={t.color}
          data-series={t.key}
        >
          <title>{`${w.label}: ${t.name} ${hours(value)}`}</title>
        </rect>
      );
    });
  });
}

function Legend() {
  return (
    <figcaption>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700" aria-label="Legend">
        {[
          ...tiers.map((t) => [t.name, t.color, false] as const),
          ['Marketing', MARKETING, false] as const,
          ['Marketing target', TARGET, true] as const,
        ].map(([name, color, dashed]) => (
          <li key={name} className="flex items-center gap-1.5">
            <span
              aria-hidden="true"
              className={dashed ? 'inline-block h-0 w-4 border-t-2 border-dashed' : 'inline-block size-3 rounded-sm'}
              style={dashed ? { borderColor: color } : { backgroundColor: color }}
            />
            {name}
          </li>
        ))}
      </ul>
    </figcaption>
  );
}
