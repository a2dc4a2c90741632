/** The Today page's big, thumb-sized buttons. */
export const bigButton =
  'inline-flex min-h-12 w-full items-center justify-center rounded-lg px-4 py-3 text-lg font-semibold disabled:opacity-60 sm:w-auto';
