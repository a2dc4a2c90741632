import NextLink from 'next/link';
import type { ComponentProps } from 'react';

/**
 * The app's link: next/link without prefetching unless a caller asks for it.
 * Every signed-in page is dynamic and per user, so a prefetch is a full server
 * render plus a payload the phone must parse while the page is still starting;
 * on the schedule that was eleven renders per view. A click costs one round trip instead.
 * (eslint.config.mjs sends every other import of next/link here.)
 */
export function Link({ prefetch = false, ...props }: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={prefetch} {...props} />;
}
