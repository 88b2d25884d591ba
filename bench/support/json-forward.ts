import type { Forward } from './proxy-process.ts';

/** What a metering proxy learns of a request: its model and the tokens the upstream reported. */
export interface ProxyUsage {
  model: string;
  promptTokens: number;
  completionTokens: number;
}

/** Resolves once the request's usage is durable; the answer's last bytes wait for it. */
export type Meter = (usage: ProxyUsage) => Promise<void>;

interface UsageJson {
  prompt_tokens?: number;
  completion_tokens?: number;
}

/**
 * The least a gateway that routes by model (and meters usage) does to each request, for the
 * benchmark's floors (`json-proxy.ts`, `metering-proxy.ts`): parse the request body, set the
 * upstream model, serialize it; non-streamed, parse the answer, set the client's model, serialize
 * it with its length; streamed, parse every event of every read, set the client's model,
 * serialize it, and write what one read brought in one write. With `meter`, the usage the upstream
 * reported is committed before the answer's last bytes (the last read of a stream) go out.
 */
export function jsonForward(meter?: Meter): Forward {
  return async (upstream, request, body, response) => {
    const parsed = JSON.parse(body.toString('utf8')) as { model: string; stream?: boolean };
    const model = parsed.model;
    parsed.model = 'bench';
    const answer = await upstream.request({
      method: 'POST',
      path: request.url!,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(parsed),
    });
    if (parsed.stream !== true) {
      const json = (await answer.body.json()) as { model: string; usage?: UsageJson };
      json.model = model;
      const text = JSON.stringify(json);
      if (meter) await meter(usageOf(model, json.usage));
      response
        .writeHead(answer.statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
        .end(text);
      return;
    }
    response.writeHead(answer.statusCode, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let pending = '';
    let usage: UsageJson | undefined;
    for await (const piece of answer.body) {
      const text = pending + (piece as Buffer).toString('utf8');
      const end = text.lastIndexOf('\n\n');
      if (end < 0) {
        pending = text;
        continue;
      }
      pending = text.slice(end + 2);
      let out = '';
      for (const event of text.slice(0, end).split('\n\n')) {
        const data = event.startsWith('data: ') ? event.slice(6) : null;
        if (data === null || data === '[DONE]') {
          out += `${event}\n\n`;
          continue;
        }
        const chunk = JSON.parse(data) as { model?: string; usage?: UsageJson };
        chunk.model = model;
        if (chunk.usage) usage = chunk.usage;
        out += `data: ${JSON.stringify(chunk)}\n\n`;
      }
      // The stream's last read (its `[DONE]`) waits for the commit of the usage it reported.
      if (meter && out.endsWith('data: [DONE]\n\n')) await meter(usageOf(model, usage));
      response.write(out);
    }
    response.end(pending);
  };
}

function usageOf(model: string, usage: UsageJson | undefined): ProxyUsage {
  return { model, promptTokens: usage?.prompt_tokens ?? 0, completionTokens: usage?.completion_tokens ?? 0 };
}
