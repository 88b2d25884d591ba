import type { Logger } from 'pino';
import type { Principal } from '../accounts/principal.ts';
import type { ChatStream, JsonResult, ProviderCall, StreamPart, Usage } from '../providers/spec.ts';
import { KaiyuanError, invalidRequest, modelNotFound, toKaiyuanError } from '../util/errors.ts';
import type { Deployment } from './deployment.ts';
import { callWithFallback, defaultRetrySettings, type RetrySettings } from './fallback-loop.ts';
import type { Admission, ClientApi, Endpoint, Gatekeeper, RequestOutcome } from './gateway-hooks.ts';
import type { InferenceObserver } from './inference-observer.ts';
import type { ModelEntry, ModelRegistry } from './model-registry.ts';
import { orderDeployments } from './router.ts';
import { SlotQueue } from './slot-queue.ts';
import type { SseSink } from './sse-sink.ts';
import { relayStream, type RelayFinish } from './stream-relay.ts';
import { timeoutError, withTimeout } from './timeouts.ts';
import { messagesText, quickTokenEstimate } from './token-estimate.ts';
import { estimateUsage, generatedText } from './usage-estimate.ts';
import { childSource, type CancelSignal } from '../util/cancel-signal.ts';

export interface RequestContext {
  /** Kaiyuan's id of the request: it keys the usage record and the ledger debit. */
  requestId: string;
  /** The id the client sent (`x-client-request-id` / `x-request-id`), logged next to ours. */
  clientRequestId?: string | null;
  principal: Principal | null;
  /** Aborts when the client goes away. */
  signal: CancelSignal;
  /** The protocol the client spoke when its request was translated (Anthropic Messages, OpenAI Responses). */
  clientApi?: ClientApi;
}

/** Everything about one request that the answer paths need, resolved once. */
interface RequestPlan {
  endpoint: Endpoint;
  context: RequestContext;
  body: Record<string, unknown>;
  model: ModelEntry;
  candidates: Deployment[];
  admission: Admission;
  settle: (outcome: RequestOutcome) => Promise<void>;
  startedAt: number;
  /** Upstream attempts so far (retries and fallbacks included). */
  attempts: number;
}

export interface QueueSettings {
  freeMaxWaitMs: number;
  paidMaxWaitMs: number;
}

export type InferenceAnswer =
  | {
      kind: 'json';
      text: string;
      headers: Record<string, string>;
      /** The parsed answer and the usage it was billed for (absent on answers other layers built). */
      json?: Record<string, unknown>;
      usage?: Usage;
    }
  | { kind: 'stream'; headers: Record<string, string>; pipe(sink: SseSink): Promise<void> };

const capabilityOf: Record<Endpoint, 'chat' | 'completions' | 'embeddings'> = {
  chat: 'chat',
  completions: 'completions',
  embeddings: 'embeddings',
};
const DEFAULT_MAX_OUTPUT = 4096;

/**
 * The gateway core: resolve the model, admit the request (limits, balance), route it across
 * deployments with retries and fallbacks, relay the answer and settle the outcome exactly once.
 */
export class InferenceService {
  constructor(
    private readonly models: ModelRegistry,
    private readonly gatekeeper: Gatekeeper,
    private readonly logger: Logger,
    private readonly observer: InferenceObserver | null = null,
    private readonly retry: RetrySettings = defaultRetrySettings,
    private readonly queue: QueueSettings = { freeMaxWaitMs: 2_000, paidMaxWaitMs: 30_000 },
  ) {}

  private readonly slots = new Map<string, SlotQueue>();

  /** Requests waiting for a free deployment slot of the model. */
  queueDepth(model: string): number {
    return this.slots.get(model)?.depth ?? 0;
  }

  chat(context: RequestContext, body: Record<string, unknown>): Promise<InferenceAnswer> {
    return this.handle('chat', context, body);
  }

  completion(context: RequestContext, body: Record<string, unknown>): Promise<InferenceAnswer> {
    return this.handle('completions', context, body);
  }

  embeddings(context: RequestContext, body: Record<string, unknown>): Promise<InferenceAnswer> {
    return this.handle('embeddings', context, body);
  }

  private async handle(
    endpoint: Endpoint,
    context: RequestContext,
    body: Record<string, unknown>,
  ): Promise<InferenceAnswer> {
    const startedAt = Date.now();
    const model = this.resolveModel(endpoint, body.model);
    const candidates = orderDeployments(model, { allowedRegions: context.principal?.allowedRegions ?? [] });
    const stream = endpoint !== 'embeddings' && body.stream === true;
    const promptTokens = promptEstimate(endpoint, body);
    // The estimate leans high: refuse only prompts far beyond the window (twice it), which no upstream can take.
    if (model.contextLength && promptTokens > 2 * model.contextLength) {
      throw invalidRequest(
        `This model's maximum context length is ${model.contextLength} tokens; the prompt alone is about ${promptTokens} tokens. Shorten it.`,
        'messages',
        'context_length_exceeded',
      );
    }
    const admission = await this.gatekeeper.admit({
      requestId: context.requestId,
      principal: context.principal,
      endpoint,
      ...(context.clientApi ? { clientApi: context.clientApi } : {}),
      model: model.id,
      promptTokens,
      maxOutputTokens: endpoint === 'embeddings' ? 0 : maxOutput(body, model),
      stream,
    });
    let releaseSlot = noop;
    const settle = once((outcome: RequestOutcome) => {
      releaseSlot();
      return this.settle(admission, model, endpoint, context, outcome);
    });
    const plan: RequestPlan = { endpoint, context, body, model, candidates, admission, settle, startedAt, attempts: 0 };
    try {
      const slot = this.acquireSlot(model, admission.priority, context.signal);
      releaseSlot = typeof slot === 'function' ? slot : await slot;
      return await (stream ? this.startStream(plan) : this.answerJson(plan));
    } catch (thrown) {
      if (context.signal.aborted) {
        // The client left before the answer: no failure of ours or the upstream's, nothing delivered.
        const gone = clientClosedError(thrown);
        await settle({ ...failedOutcome(gone, plan), status: 'client_disconnected' });
        throw gone;
      }
      const error = toKaiyuanError(thrown);
      await settle(failedOutcome(error, plan));
      throw error;
    }
  }

  /** Waits for a slot when the model's deployments have concurrency limits and are all busy. */
  private acquireSlot(model: ModelEntry, priority: number, signal: CancelSignal): Promise<() => void> | (() => void) {
    const capacity = modelCapacity(model);
    if (capacity === Number.POSITIVE_INFINITY) return noop;
    let queue = this.slots.get(model.id);
    if (!queue) {
      queue = new SlotQueue(() => modelCapacity(this.models.get(model.id) ?? model));
      this.slots.set(model.id, queue);
    }
    return queue.acquire(priority, priority > 0 ? this.queue.paidMaxWaitMs : this.queue.freeMaxWaitMs, signal);
  }

  private resolveModel(endpoint: Endpoint, requested: unknown): ModelEntry {
    if (typeof requested !== 'string' || requested.length === 0)
      throw invalidRequest("'model' is required.", 'model', 'missing_required_parameter');
    const model = this.models.get(requested);
    if (!model) throw modelNotFound(requested);
    if (model.capabilities.length > 0 && !model.capabilities.includes(capabilityOf[endpoint])) {
      throw invalidRequest(
        `The model '${requested}' does not support the ${endpoint} endpoint.`,
        'model',
        'model_not_supported',
      );
    }
    return model;
  }

  /** Tries the plan's deployments in order (retries, fallbacks), counting every attempt. */
  private route<T>(plan: RequestPlan, attempt: (deployment: Deployment) => Promise<T>) {
    return callWithFallback(plan.candidates, attempt, {
      settings: this.retry,
      signal: plan.context.signal,
      onAttempt: (report) => {
        plan.attempts++;
        this.observer?.attempt(plan.model.id, report);
      },
    });
  }

  private async answerJson(plan: RequestPlan): Promise<InferenceAnswer> {
    const { endpoint, context, body } = plan;
    const { value, deployment, attempts } = await this.route(plan, (candidate) =>
      this.callJson(endpoint, context, body, candidate),
    );
    const elapsed = Date.now() - plan.startedAt;
    const usage = value.usage ?? estimateUsage(endpoint, body, generatedText(value.json));
    await plan.settle({
      status: 'completed',
      usage,
      usageEstimated: value.usage === undefined,
      servedBy: servedBy(deployment),
      latencyMs: elapsed,
      ttftMs: elapsed,
      errorCode: null,
      attempts,
    });
    return {
      kind: 'json',
      text: value.text,
      headers: responseHeaders(plan.admission, deployment, attempts),
      json: value.json,
      usage,
    };
  }

  private async callJson(
    endpoint: Endpoint,
    context: RequestContext,
    body: Record<string, unknown>,
    deployment: Deployment,
  ): Promise<JsonResult> {
    const { source: attempt, release } = childSource(context.signal);
    const call = providerCall(deployment, body, context, attempt);
    deployment.state.inflight++;
    try {
      const provider = deployment.provider;
      const pending =
        endpoint === 'chat'
          ? provider.chat(call)
          : endpoint === 'completions'
            ? requireMethod(provider.completion, deployment, endpoint).call(provider, call)
            : requireMethod(provider.embeddings, deployment, endpoint).call(provider, call);
      return await withTimeout(
        pending,
        deployment.timeouts.totalMs,
        () => timeoutError('the answer', deployment.timeouts.totalMs, 'response'),
        () => attempt.abort(),
      );
    } finally {
      deployment.state.inflight--;
      release();
    }
  }

  private async startStream(plan: RequestPlan): Promise<InferenceAnswer> {
    const { endpoint, context, body } = plan;
    const clientWantsUsage = (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    const { value, deployment, attempts } = await this.route(plan, (candidate) =>
      this.openStream(endpoint, context, body, candidate),
    );
    const ttftMs = Date.now() - plan.startedAt;
    const headers = responseHeaders(plan.admission, deployment, attempts);
    headers['content-type'] = 'text/event-stream; charset=utf-8';
    headers['cache-control'] = 'no-cache';
    headers.connection = 'keep-alive';
    headers['x-accel-buffering'] = 'no';
    const finish = async (result: RelayFinish) => {
      deployment.state.inflight--;
      value.release();
      await plan.settle({
        ...result,
        servedBy: servedBy(deployment),
        latencyMs: Date.now() - plan.startedAt,
        ttftMs,
        attempts,
      });
    };
    return {
      kind: 'stream',
      headers,
      pipe: (sink) =>
        relayStream(
          {
            endpoint,
            body,
            first: value.first,
            iterator: value.iterator,
            headers,
            clientWantsUsage,
            idleMs: deployment.timeouts.idleMs,
            deadline: plan.startedAt + deployment.timeouts.totalMs,
            totalMs: deployment.timeouts.totalMs,
            abortUpstream: () => value.abort(),
            finish,
            chunkIdentity: chunkIdentity(value.first, endpoint),
          },
          sink,
        ),
    };
  }

  /** Opens a stream and waits for its first part: until then, a failure may still fall back. */
  private async openStream(
    endpoint: Endpoint,
    context: RequestContext,
    body: Record<string, unknown>,
    deployment: Deployment,
  ) {
    const { source: attempt, release } = childSource(context.signal);
    const upstreamBody = deployment.provider.streamUsage
      ? { ...body, stream_options: { ...(body.stream_options as object), include_usage: true } }
      : body;
    const call = providerCall(deployment, upstreamBody, context, attempt);
    deployment.state.inflight++;
    let iterator: AsyncIterator<StreamPart> | undefined;
    try {
      const provider = deployment.provider;
      const opening = async () => {
        const stream: ChatStream =
          endpoint === 'chat'
            ? await provider.chatStream(call)
            : await requireMethod(provider.completionStream, deployment, endpoint).call(provider, call);
        iterator = stream[Symbol.asyncIterator]();
        const first = await iterator.next();
        if (first.done) throw timeoutError('the first chunk (the stream was empty)', 0, 'stream');
        return first.value;
      };
      const first = await withTimeout(
        opening(),
        deployment.timeouts.firstByteMs,
        () => timeoutError('the first chunk', deployment.timeouts.firstByteMs, 'response'),
        () => attempt.abort(),
      );
      const openedIterator = iterator!;
      return {
        first,
        iterator: openedIterator,
        abort: () => {
          attempt.abort();
          void openedIterator.return?.().catch(() => undefined);
        },
        release,
      };
    } catch (error) {
      deployment.state.inflight--;
      attempt.abort();
      void iterator?.return?.().catch(() => undefined);
      release();
      throw error;
    }
  }

  private async settle(
    admission: Admission,
    model: ModelEntry,
    endpoint: Endpoint,
    context: RequestContext,
    outcome: RequestOutcome,
  ): Promise<void> {
    this.observer?.completed(model.id, endpoint, outcome);
    try {
      await admission.settle(outcome);
    } catch (error) {
      this.logger.error({ err: error, requestId: context.requestId }, 'settling the request failed');
      throw error;
    }
    if (!this.logger.isLevelEnabled('info')) return;
    this.logger.info(
      {
        requestId: context.requestId,
        clientRequestId: context.clientRequestId ?? null,
        orgId: context.principal?.orgId ?? null,
        endpoint: context.clientApi ?? endpoint,
        model: model.id,
        deployment: outcome.servedBy?.deploymentId ?? null,
        status: outcome.status,
        attempts: outcome.attempts,
        latencyMs: outcome.latencyMs,
        ttftMs: outcome.ttftMs,
        promptTokens: outcome.usage.promptTokens,
        completionTokens: outcome.usage.completionTokens,
        errorCode: outcome.errorCode,
      },
      'request',
    );
  }
}

function noop(): void {}

function modelCapacity(model: ModelEntry): number {
  let capacity = 0;
  for (const deployment of model.deployments) {
    if (!deployment.enabled) continue;
    if (deployment.maxConcurrency === null) return Number.POSITIVE_INFINITY;
    capacity += deployment.maxConcurrency;
  }
  return capacity === 0 ? Number.POSITIVE_INFINITY : capacity;
}

function providerCall(
  deployment: Deployment,
  body: Record<string, unknown>,
  context: RequestContext,
  signal: CancelSignal,
): ProviderCall {
  return {
    upstreamModel: deployment.upstreamModel,
    body,
    signal,
    timeouts: deployment.timeouts,
    requestId: context.requestId,
  };
}

function requireMethod<T>(method: T | undefined, deployment: Deployment, endpoint: Endpoint): T {
  if (!method) {
    throw invalidRequest(
      `The deployment '${deployment.id}' (${deployment.provider.protocol}) does not serve the ${endpoint} endpoint.`,
      'model',
      'model_not_supported',
    );
  }
  return method;
}

function promptEstimate(endpoint: Endpoint, body: Record<string, unknown>): number {
  if (endpoint === 'chat')
    return (
      quickTokenEstimate(messagesText(body.messages)) +
      3 +
      4 * (Array.isArray(body.messages) ? body.messages.length : 0)
    );
  const input = endpoint === 'embeddings' ? body.input : body.prompt;
  if (typeof input === 'string') return quickTokenEstimate(input);
  if (Array.isArray(input))
    return input.reduce<number>(
      (sum, item) =>
        sum + (typeof item === 'string' ? quickTokenEstimate(item) : Array.isArray(item) ? item.length : 1),
      0,
    );
  return 0;
}

function maxOutput(body: Record<string, unknown>, model: ModelEntry): number {
  const requested = body.max_completion_tokens ?? body.max_tokens;
  const choices = typeof body.n === 'number' && body.n > 1 ? body.n : 1;
  const limit =
    typeof requested === 'number' && requested > 0
      ? requested
      : Math.min(DEFAULT_MAX_OUTPUT, model.contextLength ?? DEFAULT_MAX_OUTPUT);
  // A model never writes more than its context window: such a request can never be served (400, not 429).
  if (model.contextLength && limit > model.contextLength) {
    throw invalidRequest(
      `max_tokens is too large: ${limit}. This model's context window is ${model.contextLength} tokens.`,
      body.max_completion_tokens === undefined ? 'max_tokens' : 'max_completion_tokens',
      'invalid_value',
    );
  }
  return limit * choices;
}

function servedBy(deployment: Deployment) {
  return { deploymentId: deployment.id, provider: deployment.providerName, upstreamModel: deployment.upstreamModel };
}

function responseHeaders(admission: Admission, deployment: Deployment, attempts: number): Record<string, string> {
  const headers: Record<string, string> = {
    'x-kaiyuan-deployment': deployment.id,
    'x-kaiyuan-provider': deployment.providerName,
    'x-kaiyuan-attempts': String(attempts),
  };
  // A for-in copy: spreading the rate-limit headers (keys added one by one) takes V8's slow path, ~30× slower.
  for (const name in admission.headers) headers[name] = admission.headers[name]!;
  return headers;
}

/** 499 (as nginx logs it): the client closed the connection; nobody reads the answer, it is logged at debug. */
function clientClosedError(cause: unknown): KaiyuanError {
  return new KaiyuanError('client_disconnected', 'The client closed the connection before the answer.', {
    status: 499,
    type: 'invalid_request_error',
    cause,
  });
}

function failedOutcome(error: KaiyuanError, base: { startedAt: number; attempts: number }): RequestOutcome {
  return {
    status: 'failed',
    usage: { promptTokens: 0, completionTokens: 0, cachedTokens: 0, reasoningTokens: 0 },
    usageEstimated: false,
    servedBy: null,
    latencyMs: Date.now() - base.startedAt,
    ttftMs: null,
    errorCode: error.code,
    attempts: base.attempts,
  };
}

function chunkIdentity(first: StreamPart, endpoint: Endpoint) {
  try {
    const chunk = JSON.parse(first.data) as { id?: string; created?: number; model?: string; object?: string };
    return {
      id: chunk.id ?? '',
      created: chunk.created ?? Math.floor(Date.now() / 1000),
      model: chunk.model ?? '',
      object: chunk.object ?? (endpoint === 'chat' ? 'chat.completion.chunk' : 'text_completion'),
    };
  } catch {
    return { id: '', created: Math.floor(Date.now() / 1000), model: '', object: 'chat.completion.chunk' };
  }
}

/** Wraps a function so that only its first call runs; later calls return the first call's promise. */
function once<T>(run: (value: T) => Promise<void>): (value: T) => Promise<void> {
  let result: Promise<void> | null = null;
  return (value: T) => (result ??= run(value));
}
