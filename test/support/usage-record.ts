import type { UsageRecordsTable } from '../../src/store/schema/billing-tables.ts';

/** A completed chat request's usage record of org_1 / key_1, charged `charged` nano-units, for metering tests. */
export function usageRecord(requestId: string, charged: number): UsageRecordsTable {
  return {
    request_id: requestId,
    org_id: 'org_1',
    key_id: 'key_1',
    user_id: null,
    endpoint: 'chat',
    model: 'sim-chat',
    deployment_id: 'd',
    provider: 'p',
    prompt_tokens: 10,
    cached_tokens: 0,
    completion_tokens: 20,
    reasoning_tokens: 0,
    cost: charged,
    charged,
    funding: 'balance',
    latency_ms: 5,
    ttft_ms: 5,
    status: 'completed',
    estimated: 0,
    error_code: null,
    created_at: Date.now(),
  };
}
