import { logoutAction } from '@/app/(auth)/actions';

export function LogoutButton() {
  return (
    <form action={logoutAction}>
      <button type="submit" className="min-h-11 rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
        Sign out
      </button>
    </form>
  );
}
