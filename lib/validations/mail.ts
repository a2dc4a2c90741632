import { z } from 'zod';

export const messageIdSchema = z.object({ messageId: z.coerce.number().int().positive() }).strict();
