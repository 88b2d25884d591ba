/**
 * A loopback `node:http` server that replays recorded upstream fixtures, so provider tests go
 * through the real undici path. Test support only (imported by `*.test.ts`).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import type { ProviderCall, ProviderSettings } from '../spec.ts';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface JsonFixture {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export type Reply = (request: IncomingMessage, response: ServerResponse, body: string) => void | Promise<void>;

export class FixtureServer {
  readonly requests: RecordedRequest[] = [];
  private readonly replies: Reply[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        let parsed: unknown = body;
        try {
          parsed = body === '' ? undefined : JSON.parse(body);
        } catch {
          // keep the raw text
        }
        this.requests.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: parsed,
        });
        const reply = this.replies.shift();
        if (!reply) {
          response.writeHead(500, { 'content-type': 'text/plain' }).end('no reply queued');
          return;
        }
        Promise.resolve(reply(request, response, body)).catch(() => response.destroy());
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Queues the reply for the next request. */
  reply(reply: Reply): this {
    this.replies.push(reply);
    return this;
  }

  get lastRequest(): RecordedRequest {
    return this.requests[this.requests.length - 1]!;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export function readFixture(directory: URL, name: string): string {
  return readFileSync(new URL(`__fixtures__/${name}`, directory), 'utf8');
}

export function jsonFixture(fixture: JsonFixture): Reply {
  return (_request, response) => {
    const body = typeof fixture.body === 'string' ? fixture.body : JSON.stringify(fixture.body);
    response.writeHead(fixture.status, { 'content-type': 'application/json', ...fixture.headers });
    response.end(body);
  };
}

export interface SseReplyOptions {
  /** Bytes per write; the fixture is cut at these boundaries (mid-character included). */
  chunkSize?: number;
  /** Destroy the socket after writing instead of ending the response properly. */
  resetAtEnd?: boolean;
  /** Stop writing (and keep the connection open) after this many bytes. */
  stallAfter?: number;
  headers?: Record<string, string>;
}

/** Replays raw SSE bytes, cut into pieces, each written in its own tick. */
export function sseFixture(raw: string, options: SseReplyOptions = {}): Reply {
  return async (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...options.headers });
    const bytes = Buffer.from(raw, 'utf8');
    const limit = options.stallAfter ?? bytes.length;
    const size = options.chunkSize ?? bytes.length;
    for (let offset = 0; offset < limit; offset += size) {
      if (response.destroyed) return;
      response.write(bytes.subarray(offset, Math.min(offset + size, limit)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (options.stallAfter !== undefined) return;
    if (options.resetAtEnd) response.socket?.destroy();
    else response.end();
  };
}

export function testSettings<Quirks extends object = Record<never, never>>(
  url: string,
  quirks: Quirks = {} as Quirks,
  headers: Record<string, string> = { authorization: 'Bearer test-key' },
): ProviderSettings & { dispatcher: Agent; quirks: Quirks } {
  return {
    name: 'test-upstream',
    baseUrl: url,
    headers: () => headers,
    dispatcher: new Agent({ connect: { timeout: 2_000 } }),
    quirks,
  };
}

export function testCall(body: Record<string, unknown>, overrides: Partial<ProviderCall> = {}): ProviderCall {
  return {
    upstreamModel: 'upstream-model',
    body,
    signal: new AbortController().signal,
    timeouts: { connectMs: 2_000, firstByteMs: 5_000, idleMs: 5_000, totalMs: 10_000 },
    requestId: 'req-test',
    ...overrides,
  };
}

export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const parts: T[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}
