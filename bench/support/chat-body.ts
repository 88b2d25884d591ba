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
