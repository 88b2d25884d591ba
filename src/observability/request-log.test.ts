import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../inference/model-registry.ts';
import type { SettledRequest } from '../inference/request-log-sink.ts';
import { requestLogSchema } from '../config/config-schema.ts';
import type { Store } from '../store/database.ts';
import type { RequestBodiesTable, RequestLogTable } from '../store/schema/request-log-tables.ts';
import { RequestLog } from './request-log.ts';
import type { RequestLogRowSink } from './request-log-writer.ts';

/** Collects rows as the writer would receive them. */
class CollectingSink implements RequestLogRowSink {
  rows: RequestLogTable[] = [];
  bodies: Array<RequestBodiesTable | null> = [];
  add(row: RequestLogTable, body: RequestBodiesTable | null = null): void {
    this.rows.push(row);
    this.bodies.push(body);
  }
  async drain(): Promise<void> {}
}

const model = { id: 'sim-chat', deployments: [] } as unknown as ModelEntry;

function settledRequest(requestId: string): SettledRequest {
  return {
    context: { requestId, clientRequestId: null, clientIp: '127.0.0.1', principal: null },
    endpoint: 'chat',
    model,
    outcome: {
      status: 'completed',
      usage: { promptTokens: 3, cachedTokens: 0, completionTokens: 5, reasoningTokens: 0 },
      usageEstimated: false,
      servedBy: null,
      latencyMs: 12,
      ttftMs: 4,
      errorCode: null,
      attempts: 1,
    },
    httpStatus: 200,
    tried: [],
    requestBody: { model: 'sim-chat' },
    responseText: '{"ok":true}',
  };
}

function logWith(sink: CollectingSink, bodies = false): RequestLog {
  const config = requestLogSchema.parse({ bodies: { enabled: bodies } });
  return new RequestLog({} as Store, pino({ level: 'silent' }), config, sink);
}

describe('the request log', () => {
  it('builds a settled request’s row after the turn that settled it, stamped with the settle time', async () => {
    const sink = new CollectingSink();
    const log = logWith(sink);
    const settledAt = Date.now();
    log.settled(settledRequest('req_1'));
    log.settled(settledRequest('req_2'));
    const returnedAt = Date.now();
    // Nothing is built inside the settle: the answer's last bytes wait for it.
    expect(sink.rows).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sink.rows.map((row) => row.request_id)).toEqual(['req_1', 'req_2']);
    expect(sink.rows[0]!.created_at).toBeGreaterThanOrEqual(settledAt);
    // The settle time, not the (at least 30 ms later) time the row was built.
    expect(sink.rows[0]!.created_at).toBeLessThanOrEqual(returnedAt);
    expect(sink.rows[0]).toMatchObject({ status: 'completed', prompt_tokens: 3, completion_tokens: 5, latency_ms: 12 });
  });

  it('writes what is still pending when drained, bodies included', async () => {
    const sink = new CollectingSink();
    const log = logWith(sink, true);
    log.settled(settledRequest('req_3'));
    await log.drain();
    expect(sink.rows.map((row) => row.request_id)).toEqual(['req_3']);
    expect(sink.bodies[0]).toMatchObject({ request_id: 'req_3', response_body: '{"ok":true}' });
  });
});
