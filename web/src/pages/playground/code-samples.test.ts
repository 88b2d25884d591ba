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
