import { describe, expect, it } from 'vitest';
import { codeSample } from './code-samples.ts';

const request = {
  model: 'qwen3-8b',
  messages: [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: `It's "quoted" <b>and</b>\nmultiline 你好` },
  ],
  temperature: 0.3,
  max_tokens: 256,
};

describe('codeSample', () => {
  it('embeds the request in TypeScript with the OpenAI SDK', () => {
    const code = codeSample('typescript', request, 'https://api.example.com/v1');
    expect(code).toContain("import OpenAI from 'openai'");
    expect(code).toContain('baseURL: "https://api.example.com/v1"');
    expect(code).toContain('model: "qwen3-8b"');
    expect(code).toContain('temperature: 0.3');
    expect(code).toContain('max_tokens: 256');
    expect(code).toContain(JSON.stringify(request.messages[1]!.content));
  });

  it('embeds the request in Python', () => {
    const code = codeSample('python', request, 'https://api.example.com/v1');
    expect(code).toContain('from openai import OpenAI');
    expect(code).toContain('temperature=0.3');
    expect(code).toContain('stream_options={"include_usage": True}');
  });

  it('quotes the curl body safely for the shell', () => {
    const code = codeSample('curl', request, 'https://api.example.com/v1');
    expect(code).toContain("curl 'https://api.example.com/v1/chat/completions'");
    expect(code).toContain(`It'\\''s`); // a single quote closes, escapes and reopens the shell string
    const body = /-d '([\s\S]*)'\n$/.exec(code)?.[1]?.replace(/'\\''/g, "'");
    expect(JSON.parse(body ?? '')).toMatchObject({ model: 'qwen3-8b', stream: true, max_tokens: 256 });
  });
});

describe('codeSample for the other protocols', () => {
  it('writes the Responses API call with the OpenAI SDK: instructions, input, max_output_tokens', () => {
    const code = codeSample('typescript', request, 'https://api.example.com/v1', 'responses');
    expect(code).toContain("import OpenAI from 'openai'");
    expect(code).toContain('client.responses.stream(');
    expect(code).toContain('instructions: "Be brief."');
    expect(code).toContain('max_output_tokens: 256');
    expect(code).not.toContain('"system"');
    const python = codeSample('python', request, 'https://api.example.com/v1', 'responses');
    expect(python).toContain('client.responses.stream(');
    expect(python).toContain('max_output_tokens=256');
  });

  it('writes the Messages API call with the Anthropic SDK at the base URL without /v1', () => {
    const code = codeSample('typescript', request, 'https://api.example.com/v1', 'messages');
    expect(code).toContain("import Anthropic from '@anthropic-ai/sdk'");
    expect(code).toContain('baseURL: "https://api.example.com"');
    expect(code).toContain('system: "Be brief."');
    expect(code).toContain('max_tokens: 256');
    const python = codeSample('python', request, 'https://api.example.com/v1', 'messages');
    expect(python).toContain('import anthropic');
    expect(python).toContain('base_url="https://api.example.com"');
    expect(python).toContain('for text in stream.text_stream');
  });

  it('sends each protocol its own path and headers with curl', () => {
    const messages = codeSample('curl', request, 'https://api.example.com/v1', 'messages');
    expect(messages).toContain("curl 'https://api.example.com/v1/messages'");
    expect(messages).toContain('x-api-key: $KAIYUAN_API_KEY');
    expect(messages).toContain('anthropic-version: 2023-06-01');
    const responses = codeSample('curl', request, 'https://api.example.com/v1', 'responses');
    expect(responses).toContain("curl 'https://api.example.com/v1/responses'");
    const body = /-d '([\s\S]*)'\n$/.exec(responses)?.[1]?.replace(/'\\''/g, "'");
    expect(JSON.parse(body ?? '')).toMatchObject({ model: 'qwen3-8b', instructions: 'Be brief.', stream: true });
  });
});

describe('codeSample with JSON mode and tools', () => {
  const withTools = {
    ...request,
    response_format: { type: 'json_object' as const },
    tools: [{ type: 'function' as const, function: { name: 'now', parameters: { type: 'object', strict: true } } }],
  };

  it('writes response_format and tools into every language', () => {
    const typescript = codeSample('typescript', withTools, 'https://api.example.com/v1');
    expect(typescript).toContain('response_format: {\n    "type": "json_object"\n  }');
    expect(typescript).toContain('"name": "now"');
    const python = codeSample('python', withTools, 'https://api.example.com/v1');
    expect(python).toContain('tools=[');
    expect(python).toContain('"strict": True');
    const curl = codeSample('curl', withTools, 'https://api.example.com/v1', 'responses');
    const body = /-d '([\s\S]*)'\n$/.exec(curl)?.[1]?.replace(/'\\''/g, "'");
    expect(JSON.parse(body ?? '')).toMatchObject({
      text: { format: { type: 'json_object' } },
      tools: [{ name: 'now' }],
    });
  });
});
