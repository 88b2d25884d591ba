/**
 * Local discovery at start: probes Ollama (`/api/tags`, falling back to `/v1/models`) and each
 * configured OpenAI-compatible server (`/v1/models`) in parallel, each within the timeout.
 * Never throws: what answered is `found`, what did not is `failed` with a reason for the log.
 */
import { request, type Dispatcher } from 'undici';
import { detectEngine, type LocalEngine } from './detect-engine.ts';

export interface DiscoveryOptions {
  /** Ollama's URL (e.g. http://127.0.0.1:11434); undefined skips Ollama. */
  ollamaUrl?: string;
  servers: Array<{ name: string; baseUrl: string; apiKey?: string }>;
  timeoutMs: number;
}

export interface DiscoveredModel {
  id: string;
  contextLength?: number;
}

export interface DiscoveredServer {
  name: string;
  /** The OpenAI-compatible base URL to register (ends with /v1). */
  baseUrl: string;
  preset: LocalEngine;
  models: DiscoveredModel[];
}

export interface DiscoveryResult {
  found: DiscoveredServer[];
  failed: Array<{ name: string; baseUrl: string; reason: string }>;
}

type Json = Record<string, any>;

export async function discoverLocalModels(options: DiscoveryOptions, dispatcher: Dispatcher): Promise<DiscoveryResult> {
  const probes: Array<Promise<DiscoveredServer | { name: string; baseUrl: string; reason: string }>> = [];
  if (options.ollamaUrl) probes.push(probeOllama(options.ollamaUrl, options.timeoutMs, dispatcher));
  for (const server of options.servers) probes.push(probeServer(server, options.timeoutMs, dispatcher));
  const result: DiscoveryResult = { found: [], failed: [] };
  for (const outcome of await Promise.all(probes)) {
    if ('reason' in outcome) result.failed.push(outcome);
    else result.found.push(outcome);
  }
  return result;
}

async function probeOllama(url: string, timeoutMs: number, dispatcher: Dispatcher) {
  const root = trimSlash(url).replace(/\/v1$/, '');
  const baseUrl = `${root}/v1`;
  try {
    const tags = await getJson(`${root}/api/tags`, {}, timeoutMs, dispatcher);
    const list: Json[] = Array.isArray(tags.models) ? tags.models : [];
    return {
      name: 'ollama',
      baseUrl,
      preset: 'ollama' as const,
      models: list.filter((model) => typeof model?.name === 'string').map((model) => ({ id: model.name as string })),
    };
  } catch (error) {
    if (error instanceof ProbeError && error.fatal) return { name: 'ollama', baseUrl, reason: error.message };
    const server = await probeServer({ name: 'ollama', baseUrl }, timeoutMs, dispatcher);
    return 'reason' in server ? server : { ...server, preset: 'ollama' as const };
  }
}

async function probeServer(
  server: { name: string; baseUrl: string; apiKey?: string },
  timeoutMs: number,
  dispatcher: Dispatcher,
) {
  const trimmed = trimSlash(server.baseUrl);
  const baseUrl = trimmed.endsWith('/v1') ? trimmed : `${trimmed}/v1`;
  try {
    const headers: Record<string, string> = server.apiKey ? { authorization: `Bearer ${server.apiKey}` } : {};
    const answer = await getJson(`${baseUrl}/models`, headers, timeoutMs, dispatcher);
    const list: Json[] = Array.isArray(answer.data) ? answer.data : Array.isArray(answer.models) ? answer.models : [];
    const models = list
      .filter((model) => typeof model?.id === 'string')
      .map((model) => {
        const found: DiscoveredModel = { id: model.id as string };
        const context =
          model.max_model_len ?? model.context_length ?? model.max_context_length ?? model.meta?.n_ctx_train;
        if (typeof context === 'number' && context > 0) found.contextLength = context;
        return found;
      });
    return { name: server.name, baseUrl, preset: detectEngine(server.name, baseUrl, list), models };
  } catch (error) {
    return { name: server.name, baseUrl, reason: error instanceof Error ? error.message : String(error) };
  }
}

class ProbeError extends Error {
  /** True when the server is unreachable (no point trying another path). */
  constructor(
    message: string,
    readonly fatal: boolean,
  ) {
    super(message);
  }
}

async function getJson(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
  dispatcher: Dispatcher,
): Promise<Json> {
  let response: Dispatcher.ResponseData;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    response = await request(url, {
      method: 'GET',
      headers: { accept: 'application/json', ...headers },
      dispatcher,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (error) {
    throw new ProbeError(describe(error, timeoutMs), true);
  }
  if (response.statusCode !== 200) {
    await response.body.dump().catch(() => undefined);
    throw new ProbeError(
      `HTTP ${response.statusCode} from ${url}`,
      response.statusCode === 401 || response.statusCode === 403,
    );
  }
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    throw new ProbeError(describe(error, timeoutMs), true);
  }
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === 'object') return json as Json;
  } catch {
    // fall through
  }
  throw new ProbeError(`${url} did not answer with JSON`, false);
}

function describe(error: unknown, timeoutMs: number): string {
  const code =
    (error as { code?: string; cause?: { code?: string } })?.code ??
    (error as { cause?: { code?: string } })?.cause?.code;
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError' || (code && code.includes('TIMEOUT')))
    return `no answer within ${timeoutMs} ms`;
  if (code === 'ECONNREFUSED') return 'connection refused (nothing listening)';
  return `${code ?? name ?? 'error'}: ${(error as Error)?.message ?? String(error)}`;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
