'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export type ChartWeek = { label: string; micro: number; emerging: number; sweet_spot: number; large: number; marketing: number; target: number };

const series = [
  { key: 'micro', name: 'Micro', color: '#d97706' },
  { key: 'emerging', name: 'Emerging', color: '#0284c7' },
  { key: 'sweet_spot', name: 'Sweet spot', color: '#15803d' },
  { key: 'large', name: 'Large', color: '#7c3aed' },
] as const;

/** Client hours per tier stacked, marketing hours beside them, the weekly target as a line. */
export default function WeeklyChart({ weeks }: { weeks: ChartWeek[] }) {
  return (
    // A picture of the table beside it: one image for screen readers, no keyboard stops inside.
    <div className="h-72 w-full" role="img" aria-label="Chart: client hours per tier and marketing hours per week, with the marketing target; the same numbers are in the table below">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart accessibilityLayer={false} data={weeks} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis tick={{ fontSize: 11 }} unit=" h" />
          <Tooltip formatter={(v) => `${Number(v).toFixed(1)} h`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} stackId="clients" fill={s.color} isAnimationActive={false} />
          ))}
          <Bar dataKey="marketing" name="Marketing" fill="#db2777" isAnimationActive={false} />
          <Line dataKey="target" name="Marketing target" stroke="#be185d" strokeDasharray="5 4" dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
