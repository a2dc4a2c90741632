import { ClientTermsForm } from '@/components/billing/client-terms-form';
import { cardClass } from '@/components/ui/styles';
import type { ClientTerms } from '@/lib/dal/billing-terms';
import { centsToInput } from '@/lib/format';
import { describeTerms } from '@/lib/invoices/terms';
import { instantLabel } from '@/lib/time/format';
import { tierLabels } from '@/lib/tiers';

/** The terms the client's next invoice will use, where they come from, and (for those who invoice) a form to change them. */
export function TermsSection({
  clientId,
  terms,
  writable,
  zone,
  hours,
}: {
  clientId: number;
  terms: ClientTerms;
  writable: boolean;
  zone: string;
  hours: '12h' | '24h';
}) {
  const t = terms.terms;
  const change = terms.lastTierChange;
  return (
    <section className={`${cardClass} mt-6 space-y-3 p-5`} aria-labelledby="terms-heading">
      <h2 id="terms-heading" className="text-lg font-semibold">
        Billing terms
      </h2>
      <p className="font-medium" data-testid="client-terms">
        Terms: {terms.source === 'client' ? 'its own' : tierLabels[terms.tier].toLowerCase()} — {describeTerms(t)}
      </p>
      <p className="text-sm text-slate-600" data-testid="terms-source">
        {terms.source === 'client'
          ? `Set for this client: ${terms.reason ?? 'no reason given'}.`
          : `Its tier’s terms (${tierLabels[terms.tier]}), from Settings → Billing.`}{' '}
        {change?.fromTier && change.fromTier !== change.toTier
          ? `Its tier changed from ${tierLabels[change.fromTier]} to ${tierLabels[change.toTier]} on ${instantLabel(change.at, zone, { hours })}. `
          : ''}
        The next invoice uses these terms; invoices already made keep theirs.
      </p>
      {writable ? (
        <ClientTermsForm
          clientId={clientId}
          own={terms.source === 'client'}
          reason={terms.reason ?? ''}
          values={{
            incrementMinutes: String(t.incrementMinutes),
            minimumMinutes: String(t.minimumMinutes),
            tripFeeCents: centsToInput(t.tripFeeCents),
            paymentTermsDays: String(t.paymentTermsDays),
          }}
        />
      ) : null}
    </section>
  );
}
