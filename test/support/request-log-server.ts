import { expect } from 'vitest';
import type { RequestLogEntry } from '../../src/api-contract/request-log.ts';
import type { RunningServer } from '../../src/main.ts';
import { startTestServer } from './test-server.ts';

/**
 * A test server for the request log: `costed-chat` (the simulator, with a channel cost price) and
 * `broken-chat` (an upstream that answers 500), both priced; the log flushes every 20 ms, with the
 * rest of `requestLog` as given.
 */
export function startRequestLogServer(adminToken: string, requestLog: Record<string, unknown>): Promise<RunningServer> {
  return startTestServer(
    {
      providers: {
        broken: {
          type: 'simulator',
          simulator: { latencyMs: 0, tokensPerSecond: 0, faults: [{ kind: 'status', status: 500 }] },
        },
      },
      models: {
        'broken-chat': { deployments: [{ provider: 'broken', model: 'sim-chat', retry: { attempts: 1 } }] },
        'costed-chat': { deployments: [{ provider: 'simulator', model: 'sim-chat', cost: { input: 0.5, output: 1 } }] },
      },
      commerce: {
        prices: { 'broken-chat': { input: 1, output: 2 }, 'costed-chat': { input: 1, output: 2 } },
      },
      requestLog: { flushIntervalMs: 20, ...requestLog },
    },
    { KAIYUAN_ADMIN_TOKEN: adminToken },
  );
}

/** A request's entries from `GET /admin/v1/request-log/{id}`, once the log's batch has been written. */
export async function requestLogEntries(
  server: RunningServer,
  requestId: string,
  token: string,
): Promise<RequestLogEntry[]> {
  for (let tries = 0; tries < 100; tries++) {
    const response = await fetch(`${server.url}/admin/v1/request-log/${requestId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status === 200) return ((await response.json()) as { data: RequestLogEntry[] }).data;
    expect(response.status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`request ${requestId} never reached the request log`);
}

/** `POST /v1/chat/completions` to `costed-chat` with this key, a user message and extra headers. */
export function chatCompletion(
  server: RunningServer,
  apiKey: string,
  content: string,
  body: object,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'costed-chat', messages: [{ role: 'user', content }], ...body }),
  });
}
