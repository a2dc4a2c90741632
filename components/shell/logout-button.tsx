import { logoutAction } from '@/app/(auth)/actions';
import { SubmitButton } from '@/components/ui/form';

export function LogoutButton() {
  return (
    <form action={logoutAction}>
      <SubmitButton variant="plain" pendingText="Signing out…" className="text-sm text-slate-700 hover:bg-slate-100">
        Sign out
      </SubmitButton>
    </form>
  );
}
