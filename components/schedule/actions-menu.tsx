'use client';

import { useId, useRef, useState } from 'react';
import { linkButtonClass } from '@/components/ui/styles';

/**
 * The schedule's page actions behind one button on a phone (a disclosure:
 * aria-expanded, Escape closes and returns focus), so the week comes first;
 * from the `sm` width up the actions are always shown, and the button and
 * `beside` (links that stay in sight next to it on a phone: jump to today…) are not.
 */
export function ActionsMenu({ label, beside, children }: { label: string; beside: React.ReactNode; children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 sm:hidden">
        <button
          ref={button}
          type="button"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen((o) => !o)}
          className={`${linkButtonClass} gap-1 sm:hidden`}
        >
          {label}
          <span aria-hidden="true">{open ? '▴' : '▾'}</span>
        </button>
        {beside}
      </div>
      <div id={id} className={`${open ? 'mt-3 block' : 'hidden'} sm:mt-0 sm:block`}>
        {children}
      </div>
    </div>
  );
}
