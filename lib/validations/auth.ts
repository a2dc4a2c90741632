import { z } from 'zod';
import { email, firmName, newPassword, personName, timeZone } from './common';

export const loginSchema = z.object({
  email,
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(200),
});

const secondFactorCode = z
  .string({ error: 'Enter the code from your authenticator app.' })
  .trim()
  .min(1, 'Enter the code from your authenticator app.')
  .max(30, 'Enter the 6-digit code from your app, or a recovery code.');

/** The code step of a sign-in: the token the password step gave, and the code. */
export const signInCodeSchema = z.object({
  email,
  pending: z.string().min(1).max(200),
  code: secondFactorCode,
});

/** What Auth.js's credentials endpoint may be posted: the password step (a code may come with it) or the code step. */
export const credentialsSchema = z.union([signInCodeSchema, loginSchema.extend({ code: secondFactorCode.optional() })]);

export const twoFactorCodeSchema = z.object({ code: secondFactorCode }).strict();

export const turnOffTwoFactorSchema = z
  .object({
    password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(200),
    code: secondFactorCode,
  })
  .strict();

export const signupSchema = z
  .object({
    firmName,
    timeZone,
    name: personName,
    email,
    password: newPassword,
  })
  .strict();

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: 'Enter your current password.' }).min(1, 'Enter your current password.'),
    newPassword,
    confirmPassword: z.string(),
  })
  .strict()
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The two new passwords do not match.' })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ['newPassword'],
    message: 'Choose a password different from the current one.',
  });

export const forgotPasswordSchema = z.object({ email }).strict();

export const resetPasswordSchema = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This link is not complete: open it from the message again.'),
    newPassword,
    confirmPassword: z.string(),
  })
  .strict()
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The two new passwords do not match.' });

/** The invitation page: the invitee's name (as the owner typed it, theirs to correct) and own password. Legacy links send no name. */
export const acceptInviteSchema = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This link is not complete: open it from the message again.'),
    name: personName.optional(),
    newPassword,
    confirmPassword: z.string(),
  })
  .strict()
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The two new passwords do not match.' });

export const confirmEmailSchema = z
  .object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This link is not complete: open it from the message again.') })
  .strict();
