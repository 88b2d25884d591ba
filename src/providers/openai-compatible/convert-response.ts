/**
 * The non-streamed response transform. The upstream body text goes to the client unchanged
 * unless a reasoning transform applies (`<think>` tags, `reasoning` field); errors that vendors
 * report with HTTP 200 are turned into ProviderErrors here.
 */
import { ProviderError, truncate, usageFromOpenAI, type JsonResult } from '../spec.ts';
import { errorFromBody, errorInBody } from '../http/error-body.ts';
import type { OpenAICompatibleQuirks } from './quirks.ts';
import { splitThinkTags } from './think-tag-splitter.ts';

type Json = Record<string, any>;

export function convertResponse(
  text: string,
  quirks: OpenAICompatibleQuirks,
  providerName: string,
  chat: boolean,
): JsonResult {
  let json: Json;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    json = parsed as Json;
  } catch {
    throw new ProviderError(
      'upstream_malformed_response',
      `Upstream ${providerName} answered with a body that is not a JSON object: ${truncate(text, 200)}`,
      {
        upstreamStatus: 200,
        phase: 'response',
        retryable: true,
        upstreamMessage: truncate(text, 1000),
      },
    );
  }
  const error = errorInBody(json);
  if (error) throw errorFromBody(error, providerName, 'response');
  const changed = chat && transformMessages(json, quirks);
  return {
    text: changed ? JSON.stringify(json) : text,
    json,
    usage: usageFromOpenAI(json.usage ?? json.choices?.[0]?.usage),
  };
}

function transformMessages(json: Json, quirks: OpenAICompatibleQuirks): boolean {
  let changed = false;
  const choices: Json[] = Array.isArray(json.choices) ? json.choices : [];
  for (const choice of choices) {
    const message = choice?.message;
    if (!message || typeof message !== 'object') continue;
    if (quirks.renameReasoning && typeof message.reasoning === 'string') {
      if (message.reasoning_content == null) message.reasoning_content = message.reasoning;
      delete message.reasoning;
      changed = true;
    }
    if (
      quirks.thinkTags !== false &&
      typeof message.content === 'string' &&
      message.content.includes(quirks.thinkTags === 'implicit-open' ? '</think>' : '<think>')
    ) {
      const piece = splitThinkTags(message.content, quirks.thinkTags === 'implicit-open');
      if (piece.reasoning !== '' || piece.content !== message.content) {
        message.reasoning_content =
          (typeof message.reasoning_content === 'string' ? message.reasoning_content : '') + piece.reasoning;
        message.content = piece.content;
        changed = true;
      }
    }
  }
  return changed;
}
