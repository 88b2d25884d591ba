import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

/** How the fake upstream answers one request. */
export type UpstreamBehaviour =
  | { kind: 'ok'; delayMs?: number; chunkDelayMs?: number }
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'reset' }
  | { kind: 'stall-first-byte'; ms: number }
  | { kind: 'stall-mid-stream'; afterTokens: number; ms: number }
  | { kind: 'cut'; afterTokens: number }
  | { kind: 'malformed'; afterTokens: number }
  | { kind: 'error-in-200' }
  /** A non-streamed answer with this content (and reasoning_content): model output for parsers (labeling). */
  | { kind: 'content'; content: string; reasoning?: string };

export interface FakeUpstreamOptions {
  /** Tokens of every answer. */
  tokens?: number;
  /** Decides the behaviour of the Nth request (0-based) to the chat endpoint. */
  behaviour?: (index: number) => UpstreamBehaviour;
  /** Bearer keys the upstream accepts; any other answers 401 like a hosted API (default: no check). */
  acceptedKeys?: string[];
}

const PROMPT_TOKENS = 10;

/**
 * An OpenAI-compatible upstream on loopback whose answers and failures are programmable per
 * request: the stand-in for vLLM or a hosted API in fault-injection tests and benchmarks.
 */
export class FakeUpstream {
  readonly tokens: number;
  behaviour: (index: number) => UpstreamBehaviour;
  chatCalls = 0;
  /** The bearer key of every request, in order. */
  readonly keysSeen: string[] = [];
  acceptedKeys: string[] | undefined;
  url = '';
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(options: FakeUpstreamOptions = {}) {
    this.tokens = options.tokens ?? 8;
    this.behaviour = options.behaviour ?? (() => ({ kind: 'ok' }));
    this.acceptedKeys = options.acceptedKeys;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The text of a complete answer. */
  answerText(): string {
    return Array.from({ length: this.tokens }, (_, index) => `t${index} `).join('');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const key = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
    this.keysSeen.push(key);
    if (this.acceptedKeys && !this.acceptedKeys.includes(key)) {
      response.writeHead(401, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' },
        }),
      );
      return;
    }
    if (request.url?.endsWith('/models')) {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ object: 'list', data: [{ id: 'fake', object: 'model' }] }));
      return;
    }
    const behaviour = this.behaviour(this.chatCalls++);
    const stream = body.stream === true;
    const includeUsage = body.stream_options?.include_usage === true;
    const model = String(body.model ?? 'fake');
    switch (behaviour.kind) {
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (behaviour.retryAfter !== undefined) headers['retry-after'] = behaviour.retryAfter;
        response.writeHead(behaviour.status, headers).end(
          JSON.stringify({
            error: { message: `fake ${behaviour.status}`, type: 'server_error', code: String(behaviour.status) },
          }),
        );
        return;
      }
      case 'reset':
        request.socket.destroy();
        return;
      case 'stall-first-byte':
        await delay(behaviour.ms);
        if (!response.destroyed) response.destroy();
        return;
      case 'error-in-200':
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            error: { message: 'The engine is overloaded', type: 'server_error', code: 'overloaded' },
          }),
        );
        return;
      case 'ok':
        if (behaviour.delayMs) await delay(behaviour.delayMs);
        break;
      case 'content': {
        const message = {
          role: 'assistant',
          content: behaviour.content,
          ...(behaviour.reasoning !== undefined ? { reasoning_content: behaviour.reasoning } : {}),
        };
        const answer = { ...this.completion(model), choices: [{ index: 0, message, finish_reason: 'stop' }] };
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
        return;
      }
    }
    if (!stream) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.completion(model)));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const chunk = (delta: object, finish: string | null) =>
      `data: {"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1,"model":"${model}","choices":[{"index":0,"delta":${JSON.stringify(delta)},"finish_reason":${finish ? `"${finish}"` : 'null'}}]}\n\n`;
    response.write(': keep-alive\n\n');
    response.write(chunk({ role: 'assistant', content: '' }, null));
    for (let index = 0; index < this.tokens; index++) {
      if ('afterTokens' in behaviour && index === behaviour.afterTokens) {
        if (behaviour.kind === 'cut') {
          // Let the written chunks reach the client, then drop the connection.
          await delay(20);
          request.socket.destroy();
          return;
        }
        if (behaviour.kind === 'malformed') {
          response.write('data: {"id":"chatcmpl-fake","choices":[{"delta":{"content":"brok\n\n');
          response.end();
          return;
        }
        if (behaviour.kind === 'stall-mid-stream') {
          await delay(behaviour.ms);
          if (response.destroyed) return;
        }
      }
      if (behaviour.kind === 'ok' && behaviour.chunkDelayMs) await delay(behaviour.chunkDelayMs);
      if (response.destroyed) return;
      response.write(chunk({ content: `t${index} ` }, null));
    }
    response.write(chunk({}, 'stop'));
    if (includeUsage) {
      response.write(
        `data: {"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1,"model":"${model}","choices":[],"usage":${JSON.stringify(this.usage())}}\n\n`,
      );
    }
    response.end('data: [DONE]\n\n');
  }

  private usage() {
    return { prompt_tokens: PROMPT_TOKENS, completion_tokens: this.tokens, total_tokens: PROMPT_TOKENS + this.tokens };
  }

  private completion(model: string) {
    return {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: this.answerText() }, finish_reason: 'stop' }],
      usage: this.usage(),
    };
  }
}

async function readBody(request: IncomingMessage): Promise<Record<string, any>> {
  let text = '';
  for await (const chunk of request) text += chunk;
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
