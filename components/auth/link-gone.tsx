import { Link } from '@/components/ui/link';

/** What a one-time link's page says once the link is used, expired or replaced: why, and where to go instead. */
export function LinkGone({ title, why, next }: { title: string; why: string; next: { href: string; label: string } }) {
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">{title}</h1>
      <p className="text-slate-700" role="alert">
        {why}
      </p>
      <p className="mt-4">
        <Link href={next.href} className="font-medium text-brand-700 underline">
          {next.label}
        </Link>
      </p>
    </>
  );
}
