export function AccessDenied({ what, who = 'the firm’s owner' }: { what: string; who?: string }) {
  return (
    <section role="alert" className="rounded-xl border border-amber-200 bg-amber-50 p-6">
      <h2 className="text-lg font-semibold text-amber-900">
        Only {who} can see {what}
      </h2>
      <p className="mt-1 text-amber-900">Ask an owner of your firm if something here needs to change.</p>
    </section>
  );
}
