import { ContractForm, EndContractForm } from '@/components/invoices/contract-forms';
import { cardClass } from '@/components/ui/styles';
import type { ContractProposal } from '@/lib/dal/contract-proposal';
import type { ContractRow } from '@/lib/dal/contracts';
import { formatMoney } from '@/lib/format';
import { dayLabel, formatHours } from '@/lib/time/format';
import { localDate } from '@/lib/time/zoned';

/** What a contract bills each month, in words: "$600 a month + $15 a seat; 10 h included, then $90/h" (money as the rest of the client page writes it). */
export function contractTerms(c: ContractRow, rate: string): string {
  const parts = [
    c.monthlyFeeCents > 0 ? `${formatMoney(c.monthlyFeeCents)} a month` : null,
    c.perSeatCents > 0 ? `${formatMoney(c.perSeatCents)} a seat` : null,
  ].filter(Boolean);
  const hours =
    c.includedMinutes > 0
      ? `${formatHours(c.includedMinutes)} included, then ${c.overageRateCents !== null ? `${formatMoney(c.overageRateCents)}/h` : rate}`
      : null;
  return [parts.join(' + '), hours].filter(Boolean).join('; ');
}

/** The client's monthly contracts (those who invoice): what each bills, its dates, and a form to add or end one. */
export function ContractsSection({
  clientId,
  contracts,
  today,
  rate,
  proposal,
  zone,
}: {
  clientId: number;
  contracts: ContractRow[];
  today: string;
  rate: string;
  proposal: ContractProposal | null;
  zone: string;
}) {
  return (
    <section className={`${cardClass} mt-6 space-y-4 p-5`} aria-labelledby="contracts-heading">
      <h2 id="contracts-heading" className="text-lg font-semibold">
        Contracts
      </h2>
      {contracts.length === 0 ? (
        <p className="text-sm text-slate-600">No contract: work is billed by the hour.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {contracts.map((c) => (
            <li key={c.id} className="space-y-2 py-3" data-testid="contract">
              <p className="font-medium">{c.name}</p>
              <p className="text-sm text-slate-700">{contractTerms(c, rate)}</p>
              <p className="text-sm text-slate-600">
                From {dayLabel(c.startDate)}
                {c.endDate ? ` to ${dayLabel(c.endDate)}` : ', no end date'}
              </p>
              {c.endDate === null || c.endDate >= today ? (
                <EndContractForm contractId={c.id} name={c.name} defaultDate={c.endDate ?? today} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {proposal ? (
        <div className="rounded-md border border-brand-100 bg-brand-50 p-4 text-sm text-slate-900" data-testid="contract-proposal">
          <p className="font-semibold">Proposed: a monthly contract</p>
          <p className="mt-1">
            This client moved from micro to the sweet spot on {dayLabel(localDate(proposal.movedAt, zone))}. Over the last 12 months it was
            billed {formatHours(proposal.billedMinutes12m)}, about {formatHours(proposal.draft.includedMinutes)} a month: the form below
            includes those hours for {formatMoney(proposal.draft.monthlyFeeCents)} a month from {dayLabel(proposal.draft.startDate)}. Check
            it and create it, or change anything first.
          </p>
        </div>
      ) : null}
      <ContractForm clientId={clientId} startDate={today} rateHint={rate} draft={proposal?.draft} />
    </section>
  );
}
