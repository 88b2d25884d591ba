import { z } from 'zod';

/** A time the client sends: epoch milliseconds or an ISO date; becomes epoch milliseconds. */
export const timeInput = z.union([z.number().int(), z.string()]).transform((value, context) => {
  const time = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(time)) {
    context.addIssue({ code: 'custom', message: 'expected epoch milliseconds or an ISO date' });
    return z.NEVER;
  }
  return time;
});

/**
 * An amount of money the client sends, in currency units: a decimal string ("12.50") or a number.
 * The server turns it into integer nano-units. Amounts the API returns are decimal strings.
 */
export const amountInput = z.union([z.string(), z.number()]);
