/** An Anthropic Messages response → an OpenAI chat.completion. */
import { ProviderError, truncate, type JsonResult } from '../spec.ts';
import { errorFromBody, errorInBody } from '../http/error-body.ts';
import { toOpenAIUsage, toUsage } from './convert-usage.ts';
import { mapStopReason } from './map-stop-reason.ts';

type Json = Record<string, any>;

export function convertResponse(text: string, providerName: string): JsonResult {
  let message: Json;
  try {
    message = JSON.parse(text) as Json;
  } catch {
    throw new ProviderError(
      'upstream_malformed_response',
      `Upstream ${providerName} answered with a body that is not JSON: ${truncate(text, 200)}`,
      {
        upstreamStatus: 200,
        phase: 'response',
        retryable: true,
      },
    );
  }
  const error = errorInBody(message);
  if (error) throw errorFromBody(error, providerName, 'response');
  let content = '';
  let reasoning = '';
  const toolCalls: Json[] = [];
  for (const block of Array.isArray(message.content) ? (message.content as Json[]) : []) {
    if (block.type === 'text') content += block.text ?? '';
    else if (block.type === 'thinking') reasoning += block.thinking ?? '';
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  const assistant: Json = { role: 'assistant', content: content === '' && toolCalls.length > 0 ? null : content };
  if (reasoning !== '') assistant.reasoning_content = reasoning;
  if (toolCalls.length > 0) assistant.tool_calls = toolCalls;
  const json: Json = {
    id: message.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: message.model,
    choices: [{ index: 0, message: assistant, logprobs: null, finish_reason: mapStopReason(message.stop_reason) }],
    usage: toOpenAIUsage(message.usage ?? {}),
  };
  return { text: JSON.stringify(json), json, usage: toUsage(message.usage ?? {}) };
}
