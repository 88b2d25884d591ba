/**
 * A Responses API request → the internal (OpenAI chat) request: `instructions` are the system
 * message (instructions of a previous response are not carried over, as OpenAI documents), then
 * the stored conversation of `previous_response_id`, then this request's input; function tools,
 * tool_choice, `text.format` as response_format, `max_output_tokens` as max_tokens,
 * `reasoning.effort` as reasoning_effort.
 */
import { invalidRequest } from '../../util/errors.ts';

type Json = Record<string, any>;

/** What the answer is built from, read once from the request. */
export interface ResponsesRequestFacts {
  model: string;
  store: boolean;
  stream: boolean;
  /** Reasoning summaries asked for (`reasoning.summary`): the model's reasoning is shown as one. */
  summary: boolean;
  /** The request's settings, echoed in the response object. */
  echo: Json;
}

export function responsesRequestFacts(body: Json): ResponsesRequestFacts {
  if (body.background === true)
    throw invalidRequest('Background responses are not supported; use the Batch API.', 'background');
  return {
    model: String(body.model),
    store: body.store !== false,
    stream: body.stream === true,
    summary: typeof body.reasoning?.summary === 'string',
    echo: {
      instructions: body.instructions ?? null,
      max_output_tokens: body.max_output_tokens ?? null,
      metadata: body.metadata ?? {},
      parallel_tool_calls: body.parallel_tool_calls ?? true,
      previous_response_id: body.previous_response_id ?? null,
      reasoning: { effort: body.reasoning?.effort ?? null, summary: body.reasoning?.summary ?? null },
      store: body.store !== false,
      temperature: body.temperature ?? 1,
      text: { format: body.text?.format ?? { type: 'text' } },
      tool_choice: body.tool_choice ?? 'auto',
      tools: Array.isArray(body.tools) ? body.tools : [],
      top_p: body.top_p ?? 1,
      truncation: 'disabled',
      user: body.user ?? null,
    },
  };
}

export function toChatRequest(body: Json, conversation: Json[]): Json {
  const messages: Json[] = [];
  if (typeof body.instructions === 'string' && body.instructions !== '')
    messages.push({ role: 'system', content: body.instructions });
  messages.push(...conversation);
  if (messages.length === 0 || conversation.length === 0)
    throw invalidRequest("'input' is required: there is nothing to answer.", 'input');
  const chat: Json = { model: body.model, messages };
  if (typeof body.max_output_tokens === 'number') chat.max_tokens = body.max_output_tokens;
  if (typeof body.temperature === 'number') chat.temperature = body.temperature;
  if (typeof body.top_p === 'number') chat.top_p = body.top_p;
  if (typeof body.user === 'string') chat.user = body.user;
  if (typeof body.reasoning?.effort === 'string') chat.reasoning_effort = body.reasoning.effort;
  const tools = functionTools(body.tools);
  if (tools.length > 0) {
    chat.tools = tools;
    const choice = toolChoice(body.tool_choice);
    if (choice !== undefined) chat.tool_choice = choice;
    if (typeof body.parallel_tool_calls === 'boolean') chat.parallel_tool_calls = body.parallel_tool_calls;
  }
  const format = responseFormat(body.text?.format);
  if (format) chat.response_format = format;
  if (body.stream === true) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  return chat;
}

/**
 * Function tools become chat functions. Hosted tools (web search, file search, code interpreter…)
 * are not served here and are left out, so clients that offer them keep working.
 */
function functionTools(tools: unknown): Json[] {
  if (!Array.isArray(tools)) return [];
  return tools
    .filter((tool: Json) => tool.type === 'function')
    .map((tool: Json) => ({
      type: 'function',
      function: {
        name: String(tool.name ?? ''),
        ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
        parameters: tool.parameters ?? { type: 'object', properties: {} },
        ...(typeof tool.strict === 'boolean' ? { strict: tool.strict } : {}),
      },
    }));
}

function toolChoice(choice: unknown): unknown {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  const record = choice as Json | null | undefined;
  if (record?.type === 'function' && typeof record.name === 'string')
    return { type: 'function', function: { name: record.name } };
  return undefined;
}

function responseFormat(format: Json | undefined): Json | undefined {
  switch (format?.type) {
    case 'json_schema':
      return {
        type: 'json_schema',
        json_schema: {
          name: String(format.name ?? 'response'),
          schema: format.schema ?? {},
          ...(typeof format.strict === 'boolean' ? { strict: format.strict } : {}),
          ...(typeof format.description === 'string' ? { description: format.description } : {}),
        },
      };
    case 'json_object':
      return { type: 'json_object' };
    default:
      return undefined;
  }
}
