/** The Today page's big, thumb-sized buttons. */
export const bigButton =
  'inline-flex min-h-12 w-full items-center justify-center rounded-lg px-4 py-3 text-lg font-semibold disabled:opacity-60 sm:w-auto';

/** The line under Today's heading ("Wed Dec 2 · 3 visits"), for the page (staff) and the board (which keeps it current). */
export const todayDescription = (dayLabel: string, visits: number) => `${dayLabel} · ${visits} visit${visits === 1 ? '' : 's'}`;
