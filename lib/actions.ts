import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import type { ActionState } from '@/lib/action-state';
import { UserFacingError } from '@/lib/errors';
import { can, ForbiddenError, NotFoundError, type Permission } from '@/lib/permissions';
import { getMember, pendingStepMessage, type GateOptions, type Member } from '@/lib/dal/session';

export type { ActionState };

const SECRET_FIELDS = /password/i;

/** FormData as plain strings, without React's internal `$ACTION_` fields. */
export function formFields(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('$ACTION') || typeof value !== 'string') continue;
    out[key] = value;
  }
  return out;
}

export function echo(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([k]) => !SECRET_FIELDS.test(k)));
}

export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_form';
    if (issue.code === 'unrecognized_keys') {
      out._form ??= `Unexpected field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
      continue;
    }
    out[key] ??= issue.message;
  }
  return out;
}

export function validationFailure(error: z.ZodError, fields: Record<string, string>): ActionState {
  const errors = fieldErrors(error);
  return { status: 'error', message: errors._form ?? 'Please correct the highlighted fields.', fieldErrors: errors, values: echo(fields) };
}

/**
 * The gate every authenticated server action goes through. An action id can be
 * posted to any URL of the app, so this re-reads the session from the database,
 * checks the role, validates the input and maps expected failures to messages.
 * The DAL checks role and firm again: this is the first gate, not the only one.
 */
export function withMember<S extends z.ZodType>(
  permission: Permission,
  schema: S,
  fn: (member: Member, input: z.output<S>, fields: Record<string, string>) => Promise<ActionState | void> | ActionState | void,
  options: GateOptions = {},
): (prev: ActionState, formData: FormData) => Promise<ActionState> {
  return async (_prev, formData) => {
    const member = await getMember({ allowPendingPasswordChange: true, allowPendingTwoFactor: true });
    if (!member) return { status: 'error', message: 'Your session has ended. Sign in again.' };
    const pending = pendingStepMessage(member, options);
    if (pending) return { status: 'error', message: pending };
    if (!can(member.role, permission)) return { status: 'error', message: 'You do not have permission to do that.' };
    const fields = formFields(formData instanceof FormData ? formData : new FormData());
    const parsed = schema.safeParse(fields);
    if (!parsed.success) return validationFailure(parsed.error, fields);
    try {
      return (await fn(member, parsed.data, fields)) ?? { status: 'ok' };
    } catch (error) {
      unstable_rethrow(error);
      const message = expectedMessage(error);
      const field = error instanceof UserFacingError ? error.field : undefined;
      return { status: 'error', message, fieldErrors: field ? { [field]: message } : undefined, values: echo(fields) };
    }
  };
}

/** Messages we mean users to read; anything else becomes a generic one (details stay in the server log). */
export function expectedMessage(error: unknown): string {
  if (error instanceof ForbiddenError || error instanceof NotFoundError) return error.message;
  if (error instanceof UserFacingError) return error.message;
  console.error(error);
  return 'Something went wrong and nothing was saved. Please try again.';
}
