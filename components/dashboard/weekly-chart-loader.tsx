'use client';

import dynamic from 'next/dynamic';
import type { ChartWeek } from './weekly-chart';

// The chart library loads only on pages that draw a chart, after the numbers are on screen.
const WeeklyChart = dynamic(() => import('./weekly-chart'), {
  ssr: false,
  loading: () => <div className="h-72 w-full animate-pulse rounded-md bg-slate-100" aria-hidden="true" />,
});

export function WeeklyChartLoader({ weeks }: { weeks: ChartWeek[] }) {
  return <WeeklyChart weeks={weeks} />;
}
