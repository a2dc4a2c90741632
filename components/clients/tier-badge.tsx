import { tierLabels, type Tier } from '@/lib/tiers';

const styles: Record<Tier, string> = {
  micro: 'bg-amber-100 text-amber-900 ring-amber-300',
  emerging: 'bg-sky-100 text-sky-900 ring-sky-300',
  sweet_spot: 'bg-green-100 text-green-900 ring-green-300',
  large: 'bg-violet-100 text-violet-900 ring-violet-300',
};

export function TierBadge({ tier, overridden = false, reason }: { tier: Tier; overridden?: boolean; reason?: string }) {
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${styles[tier]}`}
      title={reason}
      data-tier={tier}
    >
      {tierLabels[tier]}
      {overridden ? <span aria-label="set by hand">✎</span> : null}
    </span>
  );
}
