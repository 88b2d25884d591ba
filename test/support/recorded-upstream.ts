import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const fixtures = new URL('../../src/providers/openai-compatible/__fixtures__/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, fixtures), 'utf8');

/**
 * An OpenAI-compatible upstream that answers with the providers' recorded fixtures, chosen by
 * what was asked: a tool call (DashScope's recording) when tools are offered and the last message
 * is not a tool result, a streamed reasoning answer (DeepSeek reasoner) for a model named `*reasoner*`,
 * else DeepSeek's chat answer; streamed or whole as asked. It records every request, and can be
 * told to fail the next requests with 503 (to show fallbacks and retries).
 */
export class RecordedUpstream {
  readonly requests: Array<Record<string, any>> = [];
  failNext = 0;
  url = '';
  private server: Server | undefined;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void readBody(request).then((body) => {
        if (!request.url?.endsWith('/chat/completions')) {
          response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
          return;
        }
        this.requests.push(body);
        if (this.failNext > 0) {
          this.failNext--;
          const fixture = JSON.parse(read('upstream-error-503.json'));
          response.writeHead(fixture.status, fixture.headers).end(fixture.body);
          return;
        }
        const name = fixtureName(body, body.stream === true);
        if (body.stream === true) {
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.end(read(`${name}.chunks.txt`));
        } else {
          const fixture = JSON.parse(read(`${name}.json`));
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fixture.body));
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  get lastRequest(): Record<string, any> {
    return this.requests[this.requests.length - 1]!;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

function fixtureName(body: Record<string, any>, stream: boolean): string {
  const messages: Array<{ role: string }> = Array.isArray(body.messages) ? body.messages : [];
  const last = messages[messages.length - 1];
  if (Array.isArray(body.tools) && body.tools.length > 0 && last?.role !== 'tool') return 'dashscope-tool-calls';
  if (stream && String(body.model).includes('reasoner')) return 'deepseek-reasoner';
  return 'deepseek-chat';
}

async function readBody(request: IncomingMessage): Promise<Record<string, any>> {
  let text = '';
  for await (const chunk of request) text += chunk;
  try {
    return text ? (JSON.parse(text) as Record<string, any>) : {};
  } catch {
    return {};
  }
}
