import type { z } from 'zod';
import { invalidRequest } from '../../util/errors.ts';

/**
 * Validates a body, query or path parameters with zod, once, at the route; the first issue becomes
 * a 400 naming the field (`param`), so the console and the CLI can point at it.
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = issue.path.map(String).join('.') || null;
  throw invalidRequest(
    `Invalid value for ${param ? `'${param}'` : 'the request'}: ${issue.message}.`,
    param,
    'invalid_value',
  );
}
