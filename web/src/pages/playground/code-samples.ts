import type { ChatRequest } from '../../api/chat-stream.ts';

export type CodeLanguage = 'typescript' | 'python' | 'curl';

/**
 * The playground's request as code using the official OpenAI SDK. Strings are embedded as JSON
 * string literals, which are also valid Python literals, so any prompt text stays a plain string.
 */
export function codeSample(language: CodeLanguage, request: ChatRequest, baseUrl: string): string {
  switch (language) {
    case 'typescript':
      return typescriptSample(request, baseUrl);
    case 'python':
      return pythonSample(request, baseUrl);
    case 'curl':
      return curlSample(request, baseUrl);
  }
}

function indentJson(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

function optionalParameters(request: ChatRequest): [string, unknown][] {
  const entries: [string, unknown][] = [];
  if (request.temperature !== undefined) entries.push(['temperature', request.temperature]);
  if (request.max_tokens !== undefined) entries.push(['max_tokens', request.max_tokens]);
  return entries;
}

function typescriptSample(request: ChatRequest, baseUrl: string): string {
  const parameters = optionalParameters(request)
    .map(([name, value]) => `  ${name}: ${JSON.stringify(value)},\n`)
    .join('');
  return `import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: ${JSON.stringify(baseUrl)},
  apiKey: process.env.KAIYUAN_API_KEY,
});

const stream = await client.chat.completions.create({
  model: ${JSON.stringify(request.model)},
  messages: ${indentJson(request.messages, '  ')},
${parameters}  stream: true,
  stream_options: { include_usage: true },
});

for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
  if (chunk.usage) console.log('\\n', chunk.usage);
}
`;
}

function pythonSample(request: ChatRequest, baseUrl: string): string {
  const parameters = optionalParameters(request)
    .map(([name, value]) => `    ${name}=${JSON.stringify(value)},\n`)
    .join('');
  return `import os
from openai import OpenAI

client = OpenAI(
    base_url=${JSON.stringify(baseUrl)},
    api_key=os.environ["KAIYUAN_API_KEY"],
)

stream = client.chat.completions.create(
    model=${JSON.stringify(request.model)},
    messages=${indentJson(request.messages, '    ')},
${parameters}    stream=True,
    stream_options={"include_usage": True},
)

for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="", flush=True)
    if chunk.usage:
        print("\\n", chunk.usage)
`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function curlSample(request: ChatRequest, baseUrl: string): string {
  const body = { ...request, stream: true, stream_options: { include_usage: true } };
  return `curl ${shellQuote(`${baseUrl}/chat/completions`)} \\
  -H "Authorization: Bearer $KAIYUAN_API_KEY" \\
  -H "Content-Type: application/json" \\
  --no-buffer \\
  -d ${shellQuote(JSON.stringify(body, null, 2))}
`;
}
