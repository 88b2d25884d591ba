import type { LoadOptions } from './load.ts';

/** The prompt every gateway benchmark sends. */
export const benchPrompt = 'Write one sentence about open models.';

/** The chat completions request body of the gateway benchmarks (64 tokens; `stream` asks for SSE). */
export function chatBody(model: string, stream = false): string {
  return JSON.stringify({
    model,
    messages: [{ role: 'user', content: benchPrompt }],
    max_tokens: 64,
    ...(stream ? { stream: true } : {}),
  });
}

/** The request bodies of the client protocols the gateway benchmarks load, non-streamed and streamed. */
export const protocolBodies: Record<string, (model: string, stream: boolean) => string> = {
  '/v1/chat/completions': chatBody,
  '/v1/messages': (model, stream) =>
    JSON.stringify({
      model,
      max_tokens: 64,
      messages: [{ role: 'user', content: benchPrompt }],
      ...(stream ? { stream: true } : {}),
    }),
  '/v1/responses': (model, stream) =>
    JSON.stringify({
      model,
      input: benchPrompt,
      max_output_tokens: 64,
      store: false,
      ...(stream ? { stream: true } : {}),
    }),
};

/** Load options for chat completions against a Kaiyuan target with its API key. */
export function chatLoad(
  target: { url: string; apiKey: string },
  body: string,
  connections: number,
  durationSeconds: number,
): LoadOptions {
  return {
    url: `${target.url}/v1/chat/completions`,
    body,
    headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json' },
    connections,
    durationSeconds,
  };
}
