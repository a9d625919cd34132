import { z } from '../validation/zod';

/** `?limit=&cursor=` of every keyset-paginated list; `.extend()` it with the list's own filters. */
export const pageQuery = z.strictObject({
  limit: z.coerce.number<string>().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'The nextCursor of the previous page' }),
});
