import type { Role } from '@/lib/permissions';

/**
 * Where a person lands after signing in. A consultant on a phone is at a client's site or on the way to one:
 * Today (check in, check out, the day's visits) is the page they open Sweetspot for. Everyone else, and a
 * consultant at a desk, starts on the dashboard.
 *
 * "On a phone" means the screen is narrow: below 768 CSS pixels, where the app itself switches to its phone
 * layout (Tailwind's md breakpoint, the bottom navigation). The sign-in form measures it in the browser at the
 * moment of signing in (matchMedia) and sends it, so the server redirects once, straight to the right page. Why
 * not the alternatives: the user agent misses an iPad (it says "Macintosh"), a phone asking for the desktop
 * site, and Chrome's reduced UA strings; Client Hints are Chromium-only; a redirect from the browser after
 * landing would first load the dashboard — the heaviest page — on a phone, then jump. Only when the form's
 * script has not run (the form posted before hydration, or without JavaScript) do the request's own headers
 * decide: the Sec-CH-UA-Mobile hint, else "Mobi" in the user agent (Mozilla's advice for "is it a phone").
 */
export type Screen = 'narrow' | 'wide';

/** The media query the sign-in form evaluates; kept with the rule it feeds. */
export const NARROW_SCREEN_QUERY = '(max-width: 767.98px)';

export function screenAtSignIn(field: unknown, headers: { get(name: string): string | null }): Screen {
  if (field === 'narrow' || field === 'wide') return field;
  const hint = headers.get('sec-ch-ua-mobile');
  if (hint === '?1') return 'narrow';
  if (hint === '?0') return 'wide';
  return /Mobi/.test(headers.get('user-agent') ?? '') ? 'narrow' : 'wide';
}

export function landingPath(role: Role, screen: Screen): string {
  return role === 'consultant' && screen === 'narrow' ? '/today' : '/dashboard';
}

/**
 * The address sign-in sends a person to when no `next` page was asked for. The role is known only once the
 * session exists, so a narrow screen goes through `/`, which reads the session and decides; a wide screen
 * lands on the dashboard whatever the role, directly, as it always did.
 */
export const landingAfterSignIn = (screen: Screen) => (screen === 'narrow' ? '/?screen=narrow' : '/dashboard');
