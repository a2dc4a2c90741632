import { z } from 'zod';
import { email, firmName, newPassword, personName, timeZone } from './common';

export const loginSchema = z.object({
  email,
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(200),
});

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

export const confirmEmailSchema = z
  .object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This link is not complete: open it from the message again.') })
  .strict();
