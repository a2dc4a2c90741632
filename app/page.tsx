import { redirect } from 'next/navigation';
import { getMember } from '@/lib/dal/session';
import { landingPath } from '@/lib/landing';

/** The landing after sign-in (lib/landing.ts): `screen=narrow` is the sign-in form's measure of the screen. */
export default async function Home({ searchParams }: { searchParams: Promise<{ screen?: string }> }) {
  const member = await getMember({ allowPendingPasswordChange: true });
  if (!member) redirect('/login');
  const { screen } = await searchParams;
  redirect(landingPath(member.role, screen === 'narrow' ? 'narrow' : 'wide'));
}
