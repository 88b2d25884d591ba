import type { List } from '@kaiyuan/api-contract/list.ts';
import type {
  CreatePaymentOrderInput,
  PaymentOffer,
  PaymentOrder,
  PaymentProviderSettings,
  PaymentRefund,
  RefundInput,
} from '@kaiyuan/api-contract/payments.ts';
import { requestJson } from './http-client.ts';

export type { PaymentOffer, PaymentOrder, PaymentProviderSettings, PaymentRefund };

export function fetchPaymentOffer(signal?: AbortSignal): Promise<PaymentOffer> {
  return requestJson<PaymentOffer>('/admin/v1/payments/offer', { signal });
}

export function createPaymentOrder(body: CreatePaymentOrderInput): Promise<PaymentOrder> {
  return requestJson<PaymentOrder>('/admin/v1/payments/orders', { method: 'POST', body });
}

export function fetchPaymentOrder(id: string, signal?: AbortSignal): Promise<PaymentOrder> {
  return requestJson<PaymentOrder>(`/admin/v1/payments/orders/${encodeURIComponent(id)}`, { signal });
}

export async function listPaymentOrders(
  filter: { search?: string; state?: string; limit?: number },
  signal?: AbortSignal,
): Promise<PaymentOrder[]> {
  const query = new URLSearchParams();
  if (filter.search) query.set('search', filter.search);
  if (filter.state) query.set('state', filter.state);
  query.set('limit', String(filter.limit ?? 100));
  const list = await requestJson<List<PaymentOrder>>(`/admin/v1/payments/orders?${query.toString()}`, { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export function refundPaymentOrder(id: string, body: RefundInput): Promise<PaymentRefund> {
  return requestJson<PaymentRefund>(`/admin/v1/payments/orders/${encodeURIComponent(id)}/refunds`, {
    method: 'POST',
    body,
  });
}

/** A receipt's URL; a plain same-origin GET carries the session cookie. */
export function receiptUrl(id: string, format: 'html' | 'pdf'): string {
  return `/admin/v1/payments/orders/${encodeURIComponent(id)}/receipt?format=${format}`;
}

export async function listPaymentSettings(signal?: AbortSignal): Promise<PaymentProviderSettings[]> {
  const list = await requestJson<List<PaymentProviderSettings>>('/admin/v1/payments/settings', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export function savePaymentSettings(provider: string, body: Record<string, unknown>): Promise<PaymentProviderSettings> {
  return requestJson<PaymentProviderSettings>(`/admin/v1/payments/settings/${encodeURIComponent(provider)}`, {
    method: 'PUT',
    body,
  });
}
