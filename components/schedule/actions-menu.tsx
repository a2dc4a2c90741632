'use client';

import { useRef } from 'react';
import { linkButtonClass } from '@/components/ui/styles';

/**
 * The schedule's page actions behind one menu on a phone, so the week comes first: a native disclosure
 * (details/summary), so it opens by touch, mouse or keyboard before the page's script has loaded, or without it;
 * Escape closes it and returns focus. From the `sm` width up the actions are always shown (the closed details'
 * content made visible), and the summary and `beside` (links that stay in sight next to it on a phone: jump to
 * today…) are not. Opened, the menu takes the row and `beside` follows it, so the keyboard reaches the actions first.
 */
export function ActionsMenu({ label, beside, children }: { label: string; beside: React.ReactNode; children: React.ReactNode }) {
  const details = useRef<HTMLDetailsElement>(null);
  const summary = useRef<HTMLElement>(null);
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 sm:block">
      <details
        ref={details}
        className="group open:basis-full sm:[&::details-content]:[content-visibility:visible]"
        onKeyDown={(e) => {
          if (e.key === 'Escape' && details.current?.open) {
            details.current.open = false;
            summary.current?.focus();
          }
        }}
      >
        <summary ref={summary} className={`${linkButtonClass} list-none gap-1 sm:hidden [&::-webkit-details-marker]:hidden`}>
          {label}
          <span aria-hidden="true" className="group-open:rotate-180">
            ▾
          </span>
        </summary>
        <div className="mt-3 sm:mt-0">{children}</div>
      </details>
      {beside}
    </div>
  );
}
