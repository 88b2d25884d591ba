/**
 * An OpenAI chat request → an Anthropic Messages request: messages and system, tools and
 * tool_choice, the required max_tokens, stop → stop_sequences, sampling parameters.
 */
import { invalidRequest } from '../../util/errors.ts';
import type { AnthropicQuirks } from './anthropic-quirks.ts';
import { convertMessages } from './convert-messages.ts';

type Json = Record<string, any>;

export function convertRequest(body: Json, upstreamModel: string, quirks: AnthropicQuirks, stream: boolean): Json {
  if (typeof body.n === 'number' && body.n > 1)
    throw invalidRequest('This model returns one choice per request; n must be 1.', 'n');
  const { system, messages } = convertMessages(body.messages);
  const request: Json = {
    model: upstreamModel,
    messages,
    max_tokens: numberOr(body.max_completion_tokens, numberOr(body.max_tokens, quirks.defaultMaxTokens)),
  };
  if (system !== undefined) request.system = system;
  if (stream) request.stream = true;
  // OpenAI's temperature runs 0..2, Anthropic's 0..1.
  if (typeof body.temperature === 'number') request.temperature = Math.min(1, Math.max(0, body.temperature));
  if (typeof body.top_p === 'number') request.top_p = body.top_p;
  if (typeof body.top_k === 'number') request.top_k = body.top_k;
  if (body.stop !== undefined && body.stop !== null)
    request.stop_sequences = Array.isArray(body.stop) ? body.stop : [body.stop];
  if (typeof body.user === 'string') request.metadata = { user_id: body.user };
  if (body.thinking && typeof body.thinking === 'object') request.thinking = body.thinking;
  const tools = convertTools(body.tools);
  if (tools) request.tools = tools;
  const toolChoice = convertToolChoice(body.tool_choice, body.parallel_tool_calls);
  if (toolChoice) request.tool_choice = toolChoice;
  return request;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}

function convertTools(tools: unknown): Json[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  return tools
    .filter((tool: Json) => tool?.type === 'function' && tool.function?.name)
    .map((tool: Json) => {
      const converted: Json = {
        name: tool.function.name,
        input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
      };
      if (typeof tool.function.description === 'string') converted.description = tool.function.description;
      return converted;
    });
}

function convertToolChoice(choice: unknown, parallel: unknown): Json | undefined {
  let converted: Json | undefined;
  if (choice === 'auto') converted = { type: 'auto' };
  else if (choice === 'required') converted = { type: 'any' };
  else if (choice === 'none') converted = { type: 'none' };
  else if (choice && typeof choice === 'object' && (choice as Json).function?.name)
    converted = { type: 'tool', name: (choice as Json).function.name };
  if (parallel === false) converted = { ...(converted ?? { type: 'auto' }), disable_parallel_tool_use: true };
  return converted;
}
