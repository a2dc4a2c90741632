import { z } from 'zod';
import { email, personName } from './common';

export const memberRole = z.enum(['owner', 'consultant', 'staff'], { error: 'Choose a role.' });

export const addMemberSchema = z
  .object({
    name: personName,
    email,
    role: z.enum(['consultant', 'staff'], { error: 'Choose consultant or office staff.' }),
    /** A temporary password shown once to the owner, or an invitation by email (a one-time link to choose their own). */
    delivery: z.enum(['password', 'invite'], { error: 'Choose how they get in.' }).default('password'),
  })
  .strict();

export const memberIdSchema = z.object({ userId: z.coerce.number().int().positive() }).strict();

export const changeRoleSchema = z.object({ userId: z.coerce.number().int().positive(), role: memberRole }).strict();
