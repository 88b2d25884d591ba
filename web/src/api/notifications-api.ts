import type { List } from '@kaiyuan/api-contract/list.ts';
import type { Notification, NotificationQuery } from '@kaiyuan/api-contract/notifications.ts';
import { requestJson } from './http-client.ts';

export type { Notification };

/** The notification log, newest first (the operator: every organization's). */
export async function listNotifications(query: NotificationQuery = {}, signal?: AbortSignal): Promise<Notification[]> {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== '') search.set(name, String(value));
  const suffix = search.size > 0 ? `?${search.toString()}` : '';
  const list = await requestJson<List<Notification>>(`/admin/v1/notifications${suffix}`, { signal });
  return Array.isArray(list?.data) ? list.data : [];
}
