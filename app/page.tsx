import { redirect } from 'next/navigation';
import { getMember } from '@/lib/dal/session';

export default async function Home() {
  redirect((await getMember({ allowPendingPasswordChange: true })) ? '/dashboard' : '/login');
}
