/**
 * An Anthropic Messages request → the internal (OpenAI chat) request: `system` becomes the first
 * message, content blocks become content parts, `tool_use` blocks tool calls, `tool_result`
 * blocks tool messages (placed right after the assistant turn that called them, as chat wants),
 * tools and tool_choice their chat equivalents, stop_sequences `stop`. Thinking blocks the client
 * sends back are dropped (open models do not take them as input); whether the answer shows
 * thinking is the request's `thinking` setting.
 */
import { invalidRequest } from '../../util/errors.ts';

type Json = Record<string, any>;

export interface MessagesRequestFacts {
  /** The client-facing model id. */
  model: string;
  stopSequences: string[];
  /** Whether the answer may show thinking blocks (`thinking.type` enabled or adaptive). */
  thinking: boolean;
  stream: boolean;
}

export function messagesRequestFacts(body: Json): MessagesRequestFacts {
  const thinkingType = body.thinking?.type;
  return {
    model: String(body.model),
    stopSequences: Array.isArray(body.stop_sequences) ? body.stop_sequences.map(String) : [],
    thinking: thinkingType === 'enabled' || thinkingType === 'adaptive',
    stream: body.stream === true,
  };
}

/** The chat request for an Anthropic Messages body (validated against the route schema). */
export function toChatRequest(body: Json): Json {
  const messages: Json[] = [];
  const system = systemText(body.system);
  if (system !== '') messages.push({ role: 'system', content: system });
  (body.messages as Json[]).forEach((message, index) => {
    if (message.role === 'assistant') messages.push(...assistantMessages(message.content, index));
    else messages.push(...userMessages(message.content, index));
  });
  const chat: Json = { model: body.model, messages, max_tokens: body.max_tokens };
  if (typeof body.temperature === 'number') chat.temperature = body.temperature;
  if (typeof body.top_p === 'number') chat.top_p = body.top_p;
  if (Array.isArray(body.stop_sequences) && body.stop_sequences.length > 0) chat.stop = body.stop_sequences;
  if (typeof body.metadata?.user_id === 'string') chat.user = body.metadata.user_id;
  const tools = functionTools(body.tools);
  if (tools.length > 0) {
    chat.tools = tools;
    const choice = toolChoice(body.tool_choice);
    if (choice !== undefined) chat.tool_choice = choice;
    if (body.tool_choice?.disable_parallel_tool_use === true) chat.parallel_tool_calls = false;
  }
  if (body.stream === true) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  return chat;
}

function systemText(system: unknown): string {
  if (typeof system === 'string') return system;
  if (!Array.isArray(system)) return '';
  return system
    .map((block: Json, index) => {
      if (block?.type !== 'text') throw invalidRequest('System blocks must be text blocks.', `system[${index}].type`);
      return String(block.text ?? '');
    })
    .join('\n\n');
}

function blocksOf(content: unknown): Json[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content as Json[]) : [];
}

/** A user turn: tool results first (as tool messages), then the rest as one user message. */
function userMessages(content: unknown, index: number): Json[] {
  const toolMessages: Json[] = [];
  const parts: Json[] = [];
  const toolImages: Json[] = [];
  blocksOf(content).forEach((block, blockIndex) => {
    const param = `messages[${index}].content[${blockIndex}]`;
    switch (block?.type) {
      case 'text':
        parts.push({ type: 'text', text: String(block.text ?? '') });
        break;
      case 'image':
        parts.push(imagePart(block, param));
        break;
      case 'document':
        parts.push({ type: 'text', text: documentText(block, param) });
        break;
      case 'tool_result': {
        const { text, images } = toolResultContent(block, param);
        toolMessages.push({ role: 'tool', tool_call_id: String(block.tool_use_id ?? ''), content: text });
        toolImages.push(...images);
        break;
      }
      case 'thinking':
      case 'redacted_thinking':
        break;
      default:
        throw unsupportedBlock(block?.type, param);
    }
  });
  const all = [...toolImages, ...parts];
  if (all.length === 0) return toolMessages;
  const onlyText = all.every((part) => part.type === 'text');
  const user = {
    role: 'user',
    content: onlyText ? all.map((part) => part.text as string).join('\n') : all,
  };
  return [...toolMessages, user];
}

function assistantMessages(content: unknown, index: number): Json[] {
  let text = '';
  const toolCalls: Json[] = [];
  blocksOf(content).forEach((block, blockIndex) => {
    switch (block?.type) {
      case 'text':
        text += String(block.text ?? '');
        break;
      case 'tool_use':
        toolCalls.push({
          id: String(block.id ?? ''),
          type: 'function',
          function: { name: String(block.name ?? ''), arguments: JSON.stringify(block.input ?? {}) },
        });
        break;
      case 'thinking':
      case 'redacted_thinking':
        break;
      default:
        throw unsupportedBlock(block?.type, `messages[${index}].content[${blockIndex}]`);
    }
  });
  if (text === '' && toolCalls.length === 0) return [];
  const message: Json = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return [message];
}

function imagePart(block: Json, param: string): Json {
  const source = block.source ?? {};
  if (source.type === 'base64' && typeof source.data === 'string') {
    return {
      type: 'image_url',
      image_url: { url: `data:${String(source.media_type ?? 'image/png')};base64,${source.data}` },
    };
  }
  if (source.type === 'url' && typeof source.url === 'string')
    return { type: 'image_url', image_url: { url: source.url } };
  throw invalidRequest("An image source must be of type 'base64' or 'url'.", `${param}.source.type`);
}

function documentText(block: Json, param: string): string {
  const source = block.source ?? {};
  if (source.type === 'text' && typeof source.data === 'string') return source.data;
  if (source.type === 'content')
    return blocksOf(source.content)
      .map((part) => String(part.text ?? ''))
      .join('\n');
  throw invalidRequest('Only plain-text documents are supported.', `${param}.source.type`);
}

function toolResultContent(block: Json, param: string): { text: string; images: Json[] } {
  const texts: string[] = [];
  const images: Json[] = [];
  blocksOf(block.content ?? '').forEach((part, partIndex) => {
    if (part?.type === 'text') texts.push(String(part.text ?? ''));
    else if (part?.type === 'image') images.push(imagePart(part, `${param}.content[${partIndex}]`));
    else if (part?.type === 'document') texts.push(documentText(part, `${param}.content[${partIndex}]`));
    else throw unsupportedBlock(part?.type, `${param}.content[${partIndex}]`);
  });
  const text = texts.join('\n');
  return { text: block.is_error === true ? `Error: ${text}` : text, images };
}

/**
 * Client tools (no type, or `custom`) become functions. Anthropic's server tools (web search,
 * code execution, …) are not served here and are left out, so clients that offer them keep working.
 */
function functionTools(tools: unknown): Json[] {
  if (!Array.isArray(tools)) return [];
  return tools
    .filter((tool: Json) => tool?.type === undefined || tool.type === null || tool.type === 'custom')
    .map((tool: Json) => ({
      type: 'function',
      function: {
        name: String(tool.name),
        ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
        parameters: tool.input_schema ?? { type: 'object', properties: {} },
      },
    }));
}

function toolChoice(choice: Json | undefined): unknown {
  switch (choice?.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { type: 'function', function: { name: String(choice.name ?? '') } };
    default:
      return undefined;
  }
}

function unsupportedBlock(type: unknown, param: string) {
  return invalidRequest(`Content blocks of type '${String(type)}' are not supported.`, `${param}.type`);
}
