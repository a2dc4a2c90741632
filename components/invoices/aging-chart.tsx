import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import { formatExactMoney, formatMoney } from '@/lib/format';
import { AGING_BUCKETS, AGING_LABEL, type Buckets } from '@/lib/invoices/aging';

// Later buckets are warmer: the older the money, the more it needs a call.
const COLOR = { current: '#15803d', d1_30: '#ca8a04', d31_60: '#ea580c', d61_90: '#dc2626', d90_plus: '#991b1b' } as const;
type Size = { w: number; h: number; font: number };
// As the dashboard's chart: one drawing sized for a phone, one for wider screens, CSS shows one.
const NARROW: Size = { w: 400, h: 240, font: 11 };
const WIDE: Size = { w: 800, h: 260, font: 13 };
const M = { top: 18, right: 8, bottom: 44, left: 64 };
const SHORT = { current: 'Current', d1_30: '1–30', d31_60: '31–60', d61_90: '61–90', d90_plus: 'Over 90' } as const;
const LABEL = 'Chart: money owed by age since its due date; the same amounts are in the table below';

/** The firm's receivables per aging bucket as bars, drawn on the server as plain SVG (no chart code in the browser). */
export function AgingChart({ buckets }: { buckets: Buckets }) {
  return (
    <figure className="w-full" data-testid="aging-chart">
      <Drawing buckets={buckets} size={NARROW} className="md:hidden" />
      <Drawing buckets={buckets} size={WIDE} className="hidden md:block" />
    </figure>
  );
}

function Drawing({ buckets, size, className }: { buckets: Buckets; size: Size; className: string }) {
  const innerW = size.w - M.left - M.right;
  const innerH = size.h - M.top - M.bottom;
  const x = scaleBand<string>({ domain: [...AGING_BUCKETS], range: [0, innerW], padding: 0.3 });
  const y = scaleLinear<number>({ domain: [0, Math.max(100, ...Object.values(buckets))], range: [innerH, 0], nice: true });
  return (
    <svg viewBox={`0 0 ${size.w} ${size.h}`} className={`h-auto w-full ${className}`} role="img" aria-label={LABEL}>
      <Group left={M.left} top={M.top}>
        {y.ticks(4).map((t) => (
          <line key={t} x1={0} x2={innerW} y1={y(t)} y2={y(t)} stroke="#e2e8f0" strokeDasharray="3 3" />
        ))}
        {AGING_BUCKETS.map((b) => (
          <Group key={b}>
            <Bar x={x(b)} y={y(buckets[b])} width={x.bandwidth()} height={innerH - y(buckets[b])} fill={COLOR[b]} data-bucket={b}>
              <title>{`${AGING_LABEL[b]}: ${formatExactMoney(buckets[b])}`}</title>
            </Bar>
            <text x={(x(b) ?? 0) + x.bandwidth() / 2} y={y(buckets[b]) - 4} textAnchor="middle" fontSize={size.font} fill="#334155">
              {formatMoney(Math.round(buckets[b] / 100) * 100)}
            </text>
          </Group>
        ))}
        <AxisLeft
          scale={y}
          numTicks={4}
          tickFormat={(v) => formatMoney(Number(v))}
          stroke="#94a3b8"
          tickStroke="#94a3b8"
          tickLabelProps={{ fontSize: size.font, fill: '#475569' }}
        />
        <AxisBottom
          top={innerH}
          scale={x}
          tickFormat={(b) => SHORT[b as keyof Buckets]}
          label="Days past due"
          labelProps={{ fontSize: size.font, fill: '#475569', textAnchor: 'middle' }}
          stroke="#94a3b8"
          tickStroke="#94a3b8"
          tickLabelProps={{ fontSize: size.font, fill: '#475569' }}
        />
      </Group>
    </svg>
  );
}
