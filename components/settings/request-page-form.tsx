'use client';

import { useActionState } from 'react';
import { requestPageAction } from '@/app/(app)/settings/firm/actions';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { inputClass } from '@/components/ui/styles';
import { idle } from '@/lib/action-state';

/**
 * The owner's switch for the public client request page, with its secret
 * link. `link` is null while the page is off; its url is null when the page
 * is on but its link cannot be shown again (see lib/link-tokens.ts).
 */
export function RequestPageForm({ link }: { link: { url: string | null } | null }) {
  const url = link?.url ?? null;
  const [state, action] = useActionState(requestPageAction, idle);
  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      {url ? (
        <div className="space-y-1">
          <label htmlFor="request-page-url" className="block text-sm font-medium">
            Link to give your clients
          </label>
          <input
            id="request-page-url"
            readOnly
            value={url}
            className={`${inputClass} font-mono text-sm`}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="request-page-url"
          />
        </div>
      ) : link ? (
        <p className="text-sm text-slate-600" data-testid="request-page-hidden">
          The request page is on, but its link was made before Sweetspot stopped keeping links readable, so it cannot be shown again. It
          still works for clients who have it. Make a new link to see one here; the old one then stops.
        </p>
      ) : (
        <p className="text-sm text-slate-600">The request page is off.</p>
      )}
      <div className="flex flex-wrap gap-2">
        <form action={action}>
          <input type="hidden" name="on" value="on" />
          <SubmitButton>{link ? 'Make a new link' : 'Switch on'}</SubmitButton>
        </form>
        {link ? (
          <form action={action}>
            <input type="hidden" name="on" value="off" />
            <SubmitButton className="!bg-white !text-red-800 ring-1 ring-red-300 hover:!bg-red-50">Switch off</SubmitButton>
          </form>
        ) : null}
      </div>
    </div>
  );
}
