import { z } from 'zod';
import { keyLimitsSchema } from './api-keys.ts';
import { roles } from './formats.ts';

export const organizationSchema = z.strictObject({
  object: z.literal('organization'),
  id: z.string(),
  name: z.string(),
  planId: z.string(),
  /** Per-model limits overriding the plan's (enterprise custom limits). */
  limits: keyLimitsSchema,
  residencyTags: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.number(),
  /** The operator's own organization: usage recorded at list price, nothing charged. */
  house: z.boolean().optional(),
  /** Nano-units: below this balance the organization is notified (null: never). */
  lowBalanceThreshold: z.number().nullable().optional(),
  /** In lists: the prepaid balance (decimal string) and its currency. */
  balance: z.string().optional(),
  currency: z.string().optional(),
});
export type Organization = z.infer<typeof organizationSchema>;

export const createOrganizationBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** Default: the platform's default plan. */
    plan: z.string().min(1).optional(),
    limits: keyLimitsSchema.optional(),
    residencyTags: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type CreateOrganizationInput = z.input<typeof createOrganizationBody>;

/** Owners and admins may rename their organization; plans, limits, residency and status are the operator's. */
export const updateOrganizationBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    plan: z.string().min(1),
    limits: keyLimitsSchema,
    residencyTags: z.array(z.string().min(1)),
    enabled: z.boolean(),
    /** Notify below this balance (currency units, decimal string or number); null turns it off. Owners and admins. */
    lowBalanceThreshold: z.union([z.string(), z.number()]).nullable(),
  })
  .partial()
  .strict();
export type UpdateOrganizationInput = z.input<typeof updateOrganizationBody>;

/** A console user (passwords never leave the store). */
export const userSchema = z.strictObject({
  object: z.literal('user'),
  id: z.string(),
  orgId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  /** Platform operators see and manage every organization. */
  isOperator: z.boolean(),
  enabled: z.boolean(),
  createdAt: z.number(),
  /** Signed up through the console or API (not created by an operator). */
  selfRegistered: z.boolean(),
  /** When the user verified the e-mail address (null: not yet). */
  emailVerifiedAt: z.number().nullable(),
  /** When an operator approved the account, or an SMS check verified it (null: not yet). */
  approvedAt: z.number().nullable(),
});
export type PlatformUser = z.infer<typeof userSchema>;

const password = z.string().min(8).max(200);

export const createUserBody = z
  .object({
    orgId: z.string().min(1).optional(),
    email: z.email(),
    name: z.string().trim().min(1).max(100),
    role: z.enum(roles).default('member'),
    password,
  })
  .strict();
export type CreateUserInput = z.input<typeof createUserBody>;

export const updateUserBody = z
  .object({ name: z.string().trim().min(1).max(100), role: z.enum(roles), enabled: z.boolean(), password })
  .partial()
  .strict();
export type UpdateUserInput = z.input<typeof updateUserBody>;
