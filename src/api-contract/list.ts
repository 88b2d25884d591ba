import { z } from 'zod';

/** `{ object: 'list', data: [...] }`: how the API returns a collection. */
export interface List<T> {
  object: 'list';
  data: T[];
}

export function listSchema<T extends z.ZodType>(item: T) {
  return z.strictObject({ object: z.literal('list'), data: z.array(item) });
}
