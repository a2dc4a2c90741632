import { whoCan, type Permission } from '@/lib/permissions';

/** A page's refusal. Who may see it is read from the role table (lib/permissions.ts), never written by hand. */
export function AccessDenied({ what, permission }: { what: string; permission: Permission }) {
  return (
    <section role="alert" className="rounded-xl border border-amber-200 bg-amber-50 p-6">
      <h2 className="text-lg font-semibold text-amber-900">
        Only {whoCan(permission)} can see {what}
      </h2>
      <p className="mt-1 text-amber-900">Ask an owner of your firm if something here needs to change.</p>
    </section>
  );
}
