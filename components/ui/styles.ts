/**
 * Class strings the whole app repeats, in a module without 'use client': a
 * server component that imports a value from a client module gets a client
 * reference, not the value, so shared constants live here and both kinds of
 * component import them.
 */

/** A text input, select or textarea filling its column. */
export const inputClass =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 aria-[invalid=true]:border-red-600';

/** A select or date input sized to its content, for a row of controls (pickers, the export range). */
export const compactInputClass = 'min-h-11 rounded-md border border-slate-300 bg-white px-2';

/** The white card every page section sits in; the caller adds padding and layout. */
export const cardClass = 'rounded-xl border border-slate-200 bg-white';

/** A link (or a plain GET form's button) that looks like a secondary button. */
export const linkButtonClass =
  'inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50';

/** The page's main action as a link. */
export const primaryLinkButtonClass =
  'inline-flex min-h-11 items-center rounded-md bg-brand-700 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-800';
