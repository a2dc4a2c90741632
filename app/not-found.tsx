import { connection } from 'next/server';
import { Link } from '@/components/ui/link';

export default async function NotFound() {
  // Rendered per request like every page, so its scripts carry the CSP nonce (proxy.ts).
  await connection();
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="text-2xl font-bold">Not found</h1>
      <p className="text-slate-600">That page or record does not exist, or it belongs to another firm.</p>
      <Link href="/dashboard" className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
        Back to the dashboard
      </Link>
    </main>
  );
}
