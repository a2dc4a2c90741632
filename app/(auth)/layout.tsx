import { cardClass } from '@/components/ui/styles';

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-start justify-center px-4 py-10 sm:items-center">
      <div className="w-full max-w-md">
        <p className="mb-6 text-center text-2xl font-bold tracking-tight text-brand-800">Sweetspot</p>
        <div className={`${cardClass} p-6 shadow-sm`}>{children}</div>
      </div>
    </main>
  );
}
