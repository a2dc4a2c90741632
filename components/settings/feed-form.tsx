'use client';

import { useActionState } from 'react';
import { regenerateFeedAction, revokeFeedAction } from '@/app/(app)/settings/profile/actions';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { CopyButton } from '@/components/ui/copy-button';
import { FormMessage, SubmitButton } from '@/components/ui/form';
import { inputClass, linkButtonClass } from '@/components/ui/styles';
import { idle, type ActionState } from '@/lib/action-state';

/**
 * The same feed under the webcal: scheme, which calendar apps (Apple Calendar, Outlook, phones) open as "subscribe"
 * rather than download once. Clients fetch it over HTTPS; a plain-http address stays http:// in the field.
 */
const webcal = (url: string) => url.replace(/^https?:\/\//, 'webcal://');

/**
 * One calendar feed: its secret address (when on and it can be shown), and
 * buttons to make a new one or switch it off. `link` is null when there is
 * no feed; its url is null when the feed works but its address cannot be
 * shown again (see lib/link-tokens.ts).
 */
export function FeedForm({ scope, link, label }: { scope: 'me' | 'firm'; link: { url: string | null } | null; label: string }) {
  const url = link?.url ?? null;
  const [made, regenerate] = useActionState(regenerateFeedAction, idle);
  const [revoked, revoke] = useActionState(revokeFeedAction, idle);
  const id = `feed-url-${scope}`;
  // While there is a feed, its buttons ask in a dialog, which shows a refusal itself.
  const shown = (state: ActionState) => (link && state.status === 'error' ? idle : state);
  return (
    <div className="space-y-3">
      <FormMessage state={shown(made)} />
      <FormMessage state={shown(revoked)} />
      {url ? (
        <div className="space-y-1">
          <label htmlFor={id} className="block text-sm font-medium">
            {label}
          </label>
          <input
            id={id}
            readOnly
            value={url}
            className={`${inputClass} font-mono text-sm`}
            onFocus={(e) => e.currentTarget.select()}
            data-testid={`feed-url-${scope}`}
          />
          <div className="flex flex-wrap items-center gap-2 pt-1">
            <CopyButton text={url} fieldId={id} label="Copy address" />
            <a href={webcal(url)} className={linkButtonClass}>
              Subscribe in your calendar app
            </a>
          </div>
          <p className="text-sm text-slate-600">
            Anyone with this address can read these events: keep it private. Making a new one stops this one at once.
          </p>
        </div>
      ) : link ? (
        <p className="text-sm text-slate-600" data-testid={`feed-hidden-${scope}`}>
          This feed is on, but its address was made before Sweetspot stopped keeping addresses readable, so it cannot be shown again. It
          still works wherever it was subscribed. Make a new address to see one here; the old one then stops.
        </p>
      ) : (
        <p className="text-sm text-slate-600">No feed yet.</p>
      )}
      <div className="flex flex-wrap gap-2">
        {link ? (
          <>
            <ConfirmAction
              action={regenerate}
              state={made}
              trigger="Make a new address"
              triggerVariant="secondary"
              title="Make a new feed address?"
              question="The current address stops working at once: every calendar subscribed to it must be given the new one. This cannot be undone."
              confirm="Yes, make a new address"
              confirmVariant="primary"
              pendingText="Making…"
              hidden={{ scope }}
              okMessage={false}
            />
            <ConfirmAction
              action={revoke}
              state={revoked}
              trigger="Switch off"
              title="Switch this feed off?"
              question="The address stops working at once and calendars subscribed to it stop updating. This cannot be undone; a new feed gets a new address."
              confirm="Switch it off"
              pendingText="Switching off…"
              hidden={{ scope }}
              okMessage={false}
            />
          </>
        ) : (
          <form action={regenerate}>
            <input type="hidden" name="scope" value={scope} />
            <SubmitButton pendingText="Creating…">Create feed</SubmitButton>
          </form>
        )}
      </div>
    </div>
  );
}
