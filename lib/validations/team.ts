import { z } from 'zod';
import { email, personName } from './common';

export const memberRole = z.enum(['owner', 'consultant', 'staff'], { error: 'Choose a role.' });

export const addMemberSchema = z
  .object({
    name: personName,
    email,
    role: z.enum(['consultant', 'staff'], { error: 'Choose consultant or office staff.' }),
  })
  .strict();

export const memberIdSchema = z.object({ userId: z.coerce.number().int().positive() }).strict();

export const changeRoleSchema = z.object({ userId: z.coerce.number().int().positive(), role: memberRole }).strict();

export const invitationIdSchema = z.object({ invitationId: z.coerce.number().int().positive() }).strict();
