import { z } from 'zod';

/** The notification log: what the platform sent (account e-mails), never the text (see docs/api/admin.md). */

export const notificationSchema = z.strictObject({
  object: z.literal('notification'),
  id: z.string(),
  orgId: z.string().nullable(),
  /** email */
  channel: z.string(),
  /** verify_email | reset_password | … */
  kind: z.string(),
  recipient: z.string(),
  subject: z.string(),
  status: z.enum(['sent', 'failed']),
  /** Why sending failed. */
  error: z.string().nullable(),
  createdAt: z.number(),
});
export type Notification = z.infer<typeof notificationSchema>;

/** GET /admin/v1/notifications: newest first; the operator sees all (or `orgId`'s), owners and admins their organization's. */
export const notificationQuery = z.object({
  orgId: z.string().min(1).optional(),
  status: z.enum(['sent', 'failed']).optional(),
  recipient: z.string().min(3).max(200).optional(),
  /** Epoch ms: only notices before it (the next page: the last `createdAt` seen). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type NotificationQuery = z.input<typeof notificationQuery>;
