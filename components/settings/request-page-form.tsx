'use client';

import { useActionState } from 'react';
import { requestPageAction } from '@/app/(app)/settings/firm/actions';
import { ConfirmAction } from '@/components/ui/confirm-action';
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
        {link ? (
          // Asked first, as for a calendar feed: clients may have the link on paper or on the firm's site, and no undo brings it back.
          <>
            <ConfirmAction
              action={action}
              state={state}
              trigger="Make a new link"
              triggerVariant="secondary"
              title="Make a new request link?"
              question="The current link stops working at once: clients who have it (on paper, in an email, on your site) must be given the new one. This cannot be undone."
              confirm="Yes, make a new link"
              confirmVariant="primary"
              pendingText="Making…"
              hidden={{ on: 'on' }}
              okMessage={false}
            />
            <ConfirmAction
              action={action}
              state={state}
              trigger="Switch off"
              title="Switch the request page off?"
              question="Its link stops working at once. Switching on again makes a new link; this one never comes back."
              confirm="Switch it off"
              pendingText="Switching off…"
              hidden={{ on: 'off' }}
              okMessage={false}
            />
          </>
        ) : (
          <form action={action}>
            <input type="hidden" name="on" value="on" />
            <SubmitButton>Switch on</SubmitButton>
          </form>
        )}
      </div>
    </div>
  );
}
