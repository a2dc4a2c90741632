'use server';

import { redirect } from 'next/navigation';
import { setOptOutByLink } from '@/lib/dal/mail-preferences';
import { TOKEN } from '@/lib/link-tokens';

/**
 * Anyone holding an optional message's link may opt its address out (or back
 * in): the link's token is the authority, as the request page's is. A post
 * with a token that opens nothing writes nothing. Opening the link only shows
 * the choice: mail scanners that follow links must not opt anyone out.
 */
export async function optOutAction(formData: FormData): Promise<void> {
  const token = String(formData.get('token') ?? '');
  const out = formData.get('choice') !== 'in';
  if (!TOKEN.test(token) || !setOptOutByLink(token, out)) redirect('/mail/opt-out/unknown');
  redirect(`/mail/opt-out/${token}?saved=1`);
}
