import type { MarginDimension, MarginLine, MarginReport } from '@kaiyuan/api-contract/pricing.ts';
import { requestJson } from './http-client.ts';

export type { MarginDimension, MarginLine, MarginReport };

function query(range: { from: number; to: number }, by: MarginDimension, format: 'json' | 'csv'): string {
  return new URLSearchParams({ from: String(range.from), to: String(range.to), by, format }).toString();
}

/** The operator's margin report for a period, grouped by one dimension. */
export function fetchMarginReport(
  range: { from: number; to: number },
  by: MarginDimension,
  signal?: AbortSignal,
): Promise<MarginReport> {
  return requestJson<MarginReport>(`/admin/v1/reports/margin?${query(range, by, 'json')}`, { signal });
}

/** Where the browser downloads the report (the session cookie authenticates the GET). */
export function marginExportUrl(
  format: 'csv' | 'json',
  range: { from: number; to: number },
  by: MarginDimension,
): string {
  return `/admin/v1/reports/margin?${query(range, by, format)}`;
}
