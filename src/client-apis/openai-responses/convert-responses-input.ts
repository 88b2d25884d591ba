/**
 * Responses API input → chat messages: a string is one user message; message items keep their
 * role (developer → system), their text and images; `function_call` items become an assistant
 * turn's tool calls, `function_call_output` items tool messages; reasoning items the client
 * passes back are dropped (open models do not take reasoning as input).
 */
import { invalidRequest } from '../../util/errors.ts';

type Json = Record<string, any>;

export function inputMessages(input: unknown): Json[] {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  const messages: Json[] = [];
  (input as Json[]).forEach((item, index) => {
    const param = `input[${index}]`;
    const type = item.type ?? (item.role ? 'message' : undefined);
    switch (type) {
      case 'message':
        messages.push(messageOf(item, param));
        break;
      case 'function_call': {
        const call = {
          id: String(item.call_id ?? item.id ?? ''),
          type: 'function',
          function: { name: String(item.name ?? ''), arguments: String(item.arguments ?? '') },
        };
        const last = messages[messages.length - 1];
        if (last?.role === 'assistant') (last.tool_calls ??= []).push(call);
        else messages.push({ role: 'assistant', content: null, tool_calls: [call] });
        break;
      }
      case 'function_call_output':
        messages.push({ role: 'tool', tool_call_id: String(item.call_id ?? ''), content: outputText(item.output) });
        break;
      case 'reasoning':
        break;
      default:
        throw invalidRequest(`Input items of type '${String(type)}' are not supported.`, `${param}.type`);
    }
  });
  return messages;
}

function messageOf(item: Json, param: string): Json {
  const role = item.role === 'developer' ? 'system' : String(item.role ?? 'user');
  if (!['user', 'assistant', 'system'].includes(role))
    throw invalidRequest(`Unsupported role '${role}'.`, `${param}.role`);
  if (typeof item.content === 'string') return { role, content: item.content };
  const parts: Json[] = [];
  (Array.isArray(item.content) ? (item.content as Json[]) : []).forEach((part, partIndex) => {
    const partParam = `${param}.content[${partIndex}]`;
    switch (part?.type) {
      case 'input_text':
      case 'output_text':
      case 'text':
      case 'summary_text':
        parts.push({ type: 'text', text: String(part.text ?? '') });
        break;
      case 'refusal':
        parts.push({ type: 'text', text: String(part.refusal ?? '') });
        break;
      case 'input_image':
        if (typeof part.image_url !== 'string')
          throw invalidRequest('Images must be given by image_url (a URL or a data URL).', `${partParam}.image_url`);
        parts.push({
          type: 'image_url',
          image_url: { url: part.image_url, ...(part.detail ? { detail: part.detail } : {}) },
        });
        break;
      default:
        throw invalidRequest(`Content parts of type '${String(part?.type)}' are not supported.`, `${partParam}.type`);
    }
  });
  const onlyText = parts.every((part) => part.type === 'text');
  if (onlyText || role !== 'user') return { role, content: parts.map((part) => part.text ?? '').join('') };
  return { role, content: parts };
}

function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (Array.isArray(output))
    return output.map((part: Json) => (typeof part?.text === 'string' ? part.text : '')).join('');
  return output === undefined || output === null ? '' : JSON.stringify(output);
}
