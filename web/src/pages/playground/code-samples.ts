import type { ChatRequest } from '../../api/chat-stream.ts';
import {
  MESSAGES_DEFAULT_MAX_TOKENS,
  messagesBody,
  protocolCall,
  responsesBody,
  type PlaygroundApi,
} from '../../api/client-protocols.ts';

export type CodeLanguage = 'typescript' | 'python' | 'curl';

/**
 * The playground's request as code with the official SDK of the protocol: the OpenAI SDK for Chat
 * Completions and Responses, the Anthropic SDK for Messages. Strings are embedded as JSON string
 * literals, which are also valid Python literals, so any prompt text stays a plain string.
 * `baseUrl` is the API's base (`…/v1`).
 */
export function codeSample(
  language: CodeLanguage,
  request: ChatRequest,
  baseUrl: string,
  api: PlaygroundApi = 'chat',
): string {
  if (language === 'curl') return curlSample(request, baseUrl, api);
  const samples = language === 'typescript' ? typescriptSamples : pythonSamples;
  return samples[api](request, baseUrl);
}

function indentJson(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

/** The body's fields after the ones each sample writes out itself, as `name: value` pairs. */
function restOf(body: Record<string, unknown>, written: readonly string[]): [string, unknown][] {
  return Object.entries(body).filter(([name]) => !written.includes(name) && name !== 'stream');
}

const tsFields = (fields: [string, unknown][]) =>
  fields.map(([name, value]) => `  ${name}: ${indentJson(value, '  ')},\n`).join('');
const pyValue = (value: unknown, indent: string) =>
  indentJson(value, indent)
    .replace(/\btrue\b/g, 'True')
    .replace(/\bfalse\b/g, 'False')
    .replace(/\bnull\b/g, 'None');
const pyFields = (fields: [string, unknown][]) =>
  fields.map(([name, value]) => `    ${name}=${pyValue(value, '    ')},\n`).join('');

/** The Anthropic SDK adds /v1 itself. */
const anthropicBase = (baseUrl: string) => baseUrl.replace(/\/v1\/?$/, '');

const typescriptSamples: Record<PlaygroundApi, (request: ChatRequest, baseUrl: string) => string> = {
  chat: (request, baseUrl) => {
    const rest = restOf(protocolCall('chat', request).body as Record<string, unknown>, [
      'model',
      'messages',
      'stream_options',
    ]);
    return `import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: ${JSON.stringify(baseUrl)},
  apiKey: process.env.KAIYUAN_API_KEY,
});

const stream = await client.chat.completions.create({
  model: ${JSON.stringify(request.model)},
  messages: ${indentJson(request.messages, '  ')},
${tsFields(rest)}  stream: true,
  stream_options: { include_usage: true },
});

for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
  if (chunk.usage) console.log('\\n', chunk.usage);
}
`;
  },
  responses: (request, baseUrl) => {
    const body = responsesBody(request);
    return `import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: ${JSON.stringify(baseUrl)},
  apiKey: process.env.KAIYUAN_API_KEY,
});

const stream = client.responses.stream({
${tsFields(restOf(body, []))}});

stream.on('response.output_text.delta', (event) => process.stdout.write(event.delta));
const response = await stream.finalResponse();
console.log('\\n', response.usage);
`;
  },
  messages: (request, baseUrl) => {
    const body = messagesBody(request);
    return `import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({
  baseURL: ${JSON.stringify(anthropicBase(baseUrl))},
  apiKey: process.env.KAIYUAN_API_KEY,
});

const stream = client.messages.stream({
${tsFields(restOf(body, []))}});

stream.on('text', (text) => process.stdout.write(text));
const message = await stream.finalMessage();
console.log('\\n', message.usage);
`;
  },
};

const pythonSamples: Record<PlaygroundApi, (request: ChatRequest, baseUrl: string) => string> = {
  chat: (request, baseUrl) => {
    const rest = restOf(protocolCall('chat', request).body as Record<string, unknown>, [
      'model',
      'messages',
      'stream_options',
    ]);
    return `import os
from openai import OpenAI

client = OpenAI(
    base_url=${JSON.stringify(baseUrl)},
    api_key=os.environ["KAIYUAN_API_KEY"],
)

stream = client.chat.completions.create(
    model=${JSON.stringify(request.model)},
    messages=${indentJson(request.messages, '    ')},
${pyFields(rest)}    stream=True,
    stream_options={"include_usage": True},
)

for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="", flush=True)
    if chunk.usage:
        print("\\n", chunk.usage)
`;
  },
  responses: (request, baseUrl) => `import os
from openai import OpenAI

client = OpenAI(
    base_url=${JSON.stringify(baseUrl)},
    api_key=os.environ["KAIYUAN_API_KEY"],
)

with client.responses.stream(
${pyFields(restOf(responsesBody(request), []))}) as stream:
    for event in stream:
        if event.type == "response.output_text.delta":
            print(event.delta, end="", flush=True)
    print("\\n", stream.get_final_response().usage)
`,
  messages: (request, baseUrl) => `import os
import anthropic

client = anthropic.Anthropic(
    base_url=${JSON.stringify(anthropicBase(baseUrl))},
    api_key=os.environ["KAIYUAN_API_KEY"],
)

with client.messages.stream(
${pyFields(restOf(messagesBody(request), []))}) as stream:
    for text in stream.text_stream:
        print(text, end="", flush=True)
    print("\\n", stream.get_final_message().usage)
`,
};

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function curlSample(request: ChatRequest, baseUrl: string, api: PlaygroundApi): string {
  const { path, body } = protocolCall(api, request);
  const url = `${baseUrl.replace(/\/v1\/?$/, '')}${path}`;
  const headers =
    api === 'messages'
      ? `  -H "x-api-key: $KAIYUAN_API_KEY" \\
  -H "anthropic-version: 2023-06-01" \\`
      : `  -H "Authorization: Bearer $KAIYUAN_API_KEY" \\`;
  return `curl ${shellQuote(url)} \\
${headers}
  -H "Content-Type: application/json" \\
  --no-buffer \\
  -d ${shellQuote(JSON.stringify(body, null, 2))}
`;
}

export { MESSAGES_DEFAULT_MAX_TOKENS };
