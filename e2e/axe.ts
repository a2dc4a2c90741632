import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** Serious and critical accessibility violations on the page as it is now (axe-core, WCAG 2 A/AA rules). */
export async function serious(page: Page): Promise<string[]> {
  // After a server action React swaps the hoisted <title> for the re-rendered page's one, and for a moment there is
  // none: wait until the page has its title again (a page that never gets one still fails, on this wait's timeout).
  await page.waitForFunction(() => document.title.trim() !== '', null, { timeout: 5_000 });
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}
