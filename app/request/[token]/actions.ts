'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { echo, validationFailure, type ActionState } from '@/lib/actions';
import { admitPageSubmission, PageUnavailableError, submitPublicRequest, type PublicFirm } from '@/lib/dal/requests';
import { UserFacingError } from '@/lib/errors';
import { clientAddress } from '@/lib/request';
import { publicRequestSchema } from '@/lib/validations/requests';

/**
 * The one action anyone may call without a session. The secret page token
 * stands in for the session: it names the firm, and nothing else of the firm
 * is read or returned here. It is checked before anything is written (a post
 * without a live token writes nothing); then every submission counts against
 * the caller's address, so even invalid or honeypot posts are throttled.
 */
export async function submitRequestAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const fields: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('$ACTION') || key === 'token' || key === 'preferredDates' || typeof value !== 'string') continue;
    fields[key] = value;
  }
  let firm: PublicFirm;
  try {
    firm = admitPageSubmission(String(formData.get('token') ?? ''), clientAddress(await headers()));
  } catch (e) {
    if (e instanceof PageUnavailableError) return { status: 'error', message: e.message };
    if (e instanceof UserFacingError) return { status: 'error', message: e.message, values: echo(fields) };
    throw e;
  }
  // The honeypot: a field people never see. A bot that fills it is told "received" and nothing is stored.
  const { website, ...rest } = fields;
  if (website) return { status: 'ok', message: 'Thank you: your request was received.' };
  const preferredDates = formData.getAll('preferredDates').map(String);
  const parsed = publicRequestSchema.safeParse({ ...rest, preferredDates });
  // The ticked days come back too (as one value), so a refused form keeps them.
  if (!parsed.success) return validationFailure(parsed.error, { ...rest, preferredDates: preferredDates.join(',') });
  let statusToken: string;
  try {
    statusToken = submitPublicRequest(firm, parsed.data);
  } catch (e) {
    if (e instanceof UserFacingError)
      return { status: 'error', message: e.message, fieldErrors: e.field ? { [e.field]: e.message } : undefined, values: echo(rest) };
    throw e;
  }
  redirect(`/request/status/${statusToken}?new=1`);
}
