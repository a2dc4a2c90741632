import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, BarStack, LinePath } from '@visx/shape';
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

function Drawing({ weeks, size, className, name }: { weeks: ChartWeek[]; size: Size; className: string; name: string }) {
  const innerW = size.w - M.left - M.right;
  const innerH = size.h - M.top - M.bottom;
  const clientTotal = (w: ChartWeek) => w.micro + w.emerging + w.sweet_spot + w.large;
  const max = Math.max(1, ...weeks.map((w) => Math.max(clientTotal(w), w.marketing, w.target)));
  const x = scaleBand<string>({ domain: weeks.map((w) => w.label), range: [0, innerW], padding: 0.25 });
  const y = scaleLinear<number>({ domain: [0, max], range: [innerH, 0], nice: true });
  const half = x.bandwidth() / 2;
  // Week labels thin out so they never overlap: at least 55 drawing units apart (a label is about 40).
  const every = Math.max(1, Math.ceil(weeks.length / Math.floor(innerW / 55)));
  return (
    <svg viewBox={`0 0 ${size.w} ${size.h}`} className={`h-auto w-full ${className}`} role="img" aria-label={LABEL} data-size={name}>
      <Group left={M.left} top={M.top}>
        {y.ticks(5).map((t) => (
          <line key={t} x1={0} x2={innerW} y1={y(t)} y2={y(t)} stroke="#e2e8f0" strokeDasharray="3 3" />
        ))}
        <TierBars weeks={weeks} x={x} y={y} half={half} />
        {weeks.map((w) => (
          <Bar
            key={w.label}
            x={(x(w.label) ?? 0) + half}
            y={y(w.marketing)}
            width={half}
            height={innerH - y(w.marketing)}
            fill={MARKETING}
            data-series="marketing"
          >
            <title>{`${w.label}: Marketing ${hours(w.marketing)} of ${hours(w.target)}`}</title>
          </Bar>
        ))}
        <LinePath<ChartWeek>
          data={weeks}
          x={(w) => (x(w.label) ?? 0) + half}
          y={(w) => y(w.target)}
          stroke={TARGET}
          strokeWidth={2}
          strokeDasharray="5 4"
        />
        <AxisLeft
          scale={y}
          numTicks={5}
          tickFormat={(v) => `${v} h`}
          stroke="#94a3b8"
          tickStroke="#94a3b8"
          tickLabelProps={{ fontSize: 13, fill: '#475569' }}
        />
        <AxisBottom
          top={innerH}
          scale={x}
          tickValues={weeks.filter((_, i) => i % every === 0 || i === weeks.length - 1).map((w) => w.label)}
          stroke="#94a3b8"
          tickStroke="#94a3b8"
          tickLabelProps={{ fontSize: 13, fill: '#475569' }}
        />
      </Group>
    </svg>
  );
}

type XScale = ReturnType<typeof scaleBand<string>>;
type YScale = ReturnType<typeof scaleLinear<number>>;

/** Each week's client hours, stacked by tier, in the left half of the week's band. */
function TierBars({ weeks, x, y, half }: { weeks: ChartWeek[]; x: XScale; y: YScale; half: number }) {
  return (
    <BarStack<ChartWeek, (typeof tiers)[number]['key']>
      data={weeks}
      keys={tiers.map((t) => t.key)}
      x={(w) => w.label}
      xScale={x}
      yScale={y}
      color={(key) => tiers.find((t) => t.key === key)!.color}
    >
      {(stacks) =>
        stacks.map((stack) =>
          stack.bars.map((bar) =>
            bar.height > 0 ? (
              <rect
                key={`${stack.key}-${bar.index}`}
                x={bar.x}
                y={bar.y}
                width={half}
                height={bar.height}
                fill={bar.color}
                data-series={stack.key}
              >
                <title>{`${weeks[bar.index]!.label}: ${tiers[stack.index]!.name} ${hours(bar.bar.data[stack.key])}`}</title>
              </rect>
            ) : null,
          ),
        )
      }
    </BarStack>
  );
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
