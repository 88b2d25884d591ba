/**
 * OpenAI chat messages → Anthropic Messages: system/developer messages become the top-level
 * `system`, tool calls become `tool_use` blocks, tool results `tool_result` blocks in a user turn,
 * images content blocks; consecutive turns of one role are merged (the API wants alternation).
 */
import { invalidRequest } from '../../util/errors.ts';

type Json = Record<string, any>;
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: Json[];
}

export function convertMessages(messages: unknown): { system: string | undefined; messages: AnthropicMessage[] } {
  if (!Array.isArray(messages)) throw invalidRequest("'messages' must be an array.", 'messages');
  const system: string[] = [];
  const converted: AnthropicMessage[] = [];
  const append = (role: AnthropicMessage['role'], blocks: Json[]) => {
    if (blocks.length === 0) return;
    const last = converted[converted.length - 1];
    if (last && last.role === role) last.content.push(...blocks);
    else converted.push({ role, content: blocks });
  };
  messages.forEach((message: Json, index) => {
    switch (message?.role) {
      case 'system':
      case 'developer':
        system.push(textOf(message.content));
        break;
      case 'user':
        append('user', contentBlocks(message.content, index));
        break;
      case 'assistant':
        append('assistant', assistantBlocks(message, index));
        break;
      case 'tool':
        append('user', [
          { type: 'tool_result', tool_use_id: String(message.tool_call_id ?? ''), content: textOf(message.content) },
        ]);
        break;
      default:
        throw invalidRequest(
          `Unsupported role '${String(message?.role)}' in messages[${index}].`,
          `messages[${index}].role`,
        );
    }
  });
  return { system: system.length > 0 ? system.join('\n\n') : undefined, messages: converted };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((part: Json) => (typeof part?.text === 'string' ? part.text : '')).join('');
  return '';
}

function contentBlocks(content: unknown, index: number): Json[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  return content.map((part: Json, partIndex) => {
    if (part?.type === 'text') return { type: 'text', text: String(part.text ?? '') };
    if (part?.type === 'image_url')
      return imageBlock(String(part.image_url?.url ?? ''), `messages[${index}].content[${partIndex}]`);
    throw invalidRequest(
      `Content part type '${String(part?.type)}' is not supported by this model.`,
      `messages[${index}].content[${partIndex}].type`,
    );
  });
}

function imageBlock(url: string, param: string): Json {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (match) return { type: 'image', source: { type: 'base64', media_type: match[1], data: match[2] } };
  if (/^https?:\/\//.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw invalidRequest('An image must be an https URL or a base64 data URL.', param);
}

function assistantBlocks(message: Json, index: number): Json[] {
  const blocks: Json[] = contentBlocks(message.content ?? '', index);
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls as Json[]) {
      blocks.push({
        type: 'tool_use',
        id: String(call.id ?? ''),
        name: String(call.function?.name ?? ''),
        input: parseArguments(call.function?.arguments),
      });
    }
  }
  return blocks;
}

function parseArguments(text: unknown): unknown {
  if (typeof text !== 'string' || text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? parsed : { value: parsed };
  } catch {
    return { arguments: text };
  }
}
