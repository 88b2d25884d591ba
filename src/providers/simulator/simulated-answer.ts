import { contentText, countTokens, splitTokens } from './simulated-tokens.ts';
import { valueFromSchema } from './value-from-schema.ts';

export interface SimulatedToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface SimulatedChoice {
  content: string | null;
  reasoning: string | null;
  toolCalls: SimulatedToolCall[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  /** The stop sequence that ended the answer (reported as vLLM does, in the choice's `stop_reason`). */
  stopSequence?: string;
}

const ENGLISH_SENTENCES = [
  'Open models are free to use, and the service around them is what makes them practical.',
  'Kaiyuan routes each request to a healthy deployment and meters every token exactly once.',
  'A good answer states the assumptions first and then works through the details step by step.',
  'Data quality matters more than data volume when a small team fine-tunes a model.',
  'Streaming lets the reader see the first words long before the whole answer is ready.',
  'Portability across providers protects an application from sudden changes in price or access.',
];

const CHINESE_SENTENCES = [
  '开源模型可以免费使用，而围绕模型的云服务才让它真正好用。',
  '开源平台把每个请求路由到健康的部署，并对每个令牌精确计量一次。',
  '好的回答先说明前提，再一步一步地展开细节。',
  '小团队微调模型时，数据质量比数据数量更重要。',
  '流式输出让读者在完整答案生成之前就能看到开头。',
];

/** FNV-1a: a stable 32-bit hash, so the same request always gets the same answer. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

interface ChatBody {
  messages?: unknown;
  tools?: unknown;
  tool_choice?: unknown;
  response_format?: { type?: string; json_schema?: { schema?: unknown } };
  stop?: unknown;
}

export interface AnswerSettings {
  answerTokens: number;
  maxTokens: number | undefined;
  reasoning: boolean;
}

export function simulateChoice(body: ChatBody, choiceIndex: number, settings: AnswerSettings): SimulatedChoice {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<Record<string, unknown>>) : [];
  const last = messages[messages.length - 1];
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const prompt = contentText(lastUser?.content);
  const seed = stableHash(`${JSON.stringify(body.messages)}#${choiceIndex}`);
  const words = prompt.match(/[\p{L}\p{N}]+/gu)?.slice(0, 6) ?? [];

  const tool = chooseTool(body, last);
  if (tool) {
    const parameters = (tool.parameters ?? { type: 'object', properties: {} }) as Record<string, unknown>;
    return {
      content: null,
      reasoning: settings.reasoning ? reasoningFor(prompt, seed) : null,
      toolCalls: [
        {
          id: `call_${seed.toString(36)}${choiceIndex}`,
          name: String(tool.name),
          arguments: JSON.stringify(valueFromSchema(parameters, words)),
        },
      ],
      finishReason: 'tool_calls',
    };
  }

  let content: string;
  if (body.response_format?.type === 'json_schema') {
    content = JSON.stringify(valueFromSchema(body.response_format.json_schema?.schema ?? {}, words));
  } else if (body.response_format?.type === 'json_object') {
    content = JSON.stringify({ answer: composeText(prompt, seed, Math.min(settings.answerTokens, 24)) });
  } else if (last?.role === 'tool') {
    content = `The tool returned: ${contentText(last.content)}`;
  } else {
    content = composeText(prompt, seed, settings.answerTokens);
  }
  let finishReason: SimulatedChoice['finishReason'] = 'stop';
  const stopped = applyStop(content, body.stop);
  content = stopped.content;
  let stopSequence = stopped.sequence;
  if (settings.maxTokens !== undefined && countTokens(content) > settings.maxTokens) {
    content = splitTokens(content).slice(0, settings.maxTokens).join('');
    finishReason = 'length';
    stopSequence = undefined;
  }
  return {
    content,
    reasoning: settings.reasoning ? reasoningFor(prompt, seed) : null,
    toolCalls: [],
    finishReason,
    ...(stopSequence !== undefined ? { stopSequence } : {}),
  };
}

function chooseTool(body: ChatBody, last: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!Array.isArray(body.tools) || body.tools.length === 0) return null;
  if (body.tool_choice === 'none' || last?.role === 'tool') return null;
  const functions = body.tools
    .map((tool) => (tool as { function?: Record<string, unknown> }).function)
    .filter(Boolean) as Array<Record<string, unknown>>;
  const named = (body.tool_choice as { function?: { name?: string } } | undefined)?.function?.name;
  if (named) return functions.find((candidate) => candidate.name === named) ?? null;
  return functions[0] ?? null;
}

function composeText(prompt: string, seed: number, targetTokens: number): string {
  const chinese = /[\u4e00-\u9fff]/.test(prompt);
  const sentences = chinese ? CHINESE_SENTENCES : ENGLISH_SENTENCES;
  const quoted = prompt.length > 40 ? `${prompt.slice(0, 40)}…` : prompt;
  let text = chinese ? `这是对“${quoted}”的模拟回答。` : `This is a simulated answer to "${quoted}".`;
  let index = seed % sentences.length;
  while (countTokens(text) < targetTokens) {
    text += (chinese ? '' : ' ') + sentences[index % sentences.length];
    index++;
  }
  return splitTokens(text).slice(0, Math.max(targetTokens, 1)).join('');
}

function reasoningFor(prompt: string, seed: number): string {
  const chinese = /[\u4e00-\u9fff]/.test(prompt);
  return chinese
    ? `用户的问题需要先理解意图。我先列出要点，再组织回答（思路 ${seed % 97}）。`
    : `The user asks a question. I will list the key points first and then compose the answer (path ${seed % 97}).`;
}

function applyStop(content: string, stop: unknown): { content: string; sequence: string | undefined } {
  const sequences =
    typeof stop === 'string'
      ? [stop]
      : Array.isArray(stop)
        ? stop.filter((item): item is string => typeof item === 'string' && item.length > 0)
        : [];
  let cut = content.length;
  let matched: string | undefined;
  for (const sequence of sequences) {
    const at = content.indexOf(sequence);
    if (at >= 0 && at < cut) {
      cut = at;
      matched = sequence;
    }
  }
  return { content: content.slice(0, cut), sequence: matched };
}
