import { LineEditor } from '@/components/invoices/forms';
import { cardClass } from '@/components/ui/styles';
import { formatExactMoney } from '@/lib/format';

/** Thousandths as typed in a field: 2500 → "2.5", 8875 → "8.875". */
export const milliField = (milli: number) => String(milli / 1000);
/** Cents as typed in a dollars field: 4999 → "49.99". */
export const centsField = (cents: number) => (cents / 100).toFixed(2);

type Line = {
  id: number;
  kind: string;
  description: string;
  quantityLabel: string;
  quantityMilli: number;
  unitPriceCents: number;
  amountCents: number;
  taxRateMilli: number;
  taxCents: number;
};

export function Lines({
  lines,
  totals,
  editable,
}: {
  lines: Line[];
  totals: { subtotalCents: number; taxCents: number; totalCents: number };
  editable: boolean;
}) {
  return (
    <section className={`${cardClass} overflow-x-auto p-5`} aria-labelledby="lines-heading">
      <h2 id="lines-heading" className="text-lg font-semibold">
        Lines
      </h2>
      {lines.length === 0 ? <p className="mt-2 text-slate-600">No lines yet: no unbilled time in this period. Add a fee below.</p> : null}
      <ul className="mt-2 divide-y divide-slate-100" aria-label="Invoice lines">
        {lines.map((l) => (
          <li key={l.id} className="py-3" data-testid="invoice-line">
            <div className="flex flex-wrap items-baseline justify-between gap-x-4">
              <span className="min-w-0 flex-1">{l.description}</span>
              <span className="tabular-nums text-slate-600">{l.quantityLabel}</span>
              <span className="w-28 text-right font-medium tabular-nums">{formatExactMoney(l.amountCents)}</span>
            </div>
            {l.taxRateMilli ? (
              <p className="text-right text-sm text-slate-600">
                Tax {milliField(l.taxRateMilli)} %: {formatExactMoney(l.taxCents)}
              </p>
            ) : null}
            {editable ? (
              <LineEditor
                line={{
                  id: l.id,
                  kind: l.kind,
                  description: l.description,
                  quantity: milliField(l.quantityMilli),
                  unitPrice: centsField(Math.abs(l.unitPriceCents)),
                  taxRate: milliField(l.taxRateMilli),
                }}
              />
            ) : null}
          </li>
        ))}
      </ul>
      <dl className="mt-4 ml-auto grid max-w-xs grid-cols-2 gap-y-1 text-right tabular-nums">
        <dt className="text-slate-600">Subtotal</dt>
        <dd>{formatExactMoney(totals.subtotalCents)}</dd>
        <dt className="text-slate-600">Tax</dt>
        <dd>{formatExactMoney(totals.taxCents)}</dd>
        <dt className="font-semibold">Total</dt>
        <dd className="font-semibold" data-testid="invoice-total">
          {formatExactMoney(totals.totalCents)}
        </dd>
      </dl>
    </section>
  );
}
