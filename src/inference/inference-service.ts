import type { Logger } from 'pino';
import type { Principal } from '../accounts/principal.ts';
import type { ChatStream, JsonResult, ProviderCall, StreamPart, Usage } from '../providers/spec.ts';
import { KaiyuanError, invalidRequest, modelNotFound, toKaiyuanError } from '../util/errors.ts';
import type { Deployment } from './deployment.ts';
import { callWithFallback, defaultRetrySettings, type RetrySettings } from './fallback-loop.ts';
import {
  fallbackUsageRecordId,
  type Admission,
  type ClientApi,
  type Endpoint,
  type Gatekeeper,
  type RequestOutcome,
} from './gateway-hooks.ts';
import type { InferenceObserver } from './inference-observer.ts';
import type { RequestLogSink, SettledRequest } from './request-log-sink.ts';
import type { ModelEntry, ModelRegistry } from './model-registry.ts';
import { orderDeployments } from './router.ts';
import { affinityKeyOf } from './cache-affinity.ts';
import { SlotQueue } from './slot-queue.ts';
import type { SseSink } from './sse-sink.ts';
import { relayStream, type RelayFinish } from './stream-relay.ts';
import { timeoutError, withTimeout } from './timeouts.ts';
import { deadlineCut, judgeAttempt } from './attempt-outcome.ts';
import { Deadline } from './deadline.ts';
import { MemoryRoutingState, type SharedRoutingState } from './shared-routing-state.ts';
import { chunkModel, modelRewriter, withPublicModel } from './public-model.ts';
import { operatorDetail, publicError } from './public-error.ts';
import { messagesText, quickTokenEstimate, rerankText } from './token-estimate.ts';
import { estimateUsage, generatedText } from './usage-estimate.ts';
import { childSource, type CancelSignal } from '../util/cancel-signal.ts';
import { publicDeploymentNames, seesDeploymentNames, type DeploymentNaming } from './public-deployment.ts';

export interface RequestContext {
  /** Kaiyuan's id of the request: it keys the usage record and the ledger debit. */
  requestId: string;
  /** The id the client sent (`x-client-request-id` / `x-request-id`), logged next to ours. */
  clientRequestId?: string | null;
  /** The client's address (for the request log). */
  clientIp?: string | null;
  principal: Principal | null;
  /** Aborts when the client goes away. */
  signal: CancelSignal;
  /** What the client asked to tighten for this request (request headers; never loosens the operator's settings). */
  overrides?: RequestOverrides;
  /** The protocol the client spoke when its request was translated (Anthropic Messages, OpenAI Responses). */
  clientApi?: ClientApi;
  /**
   * Set for a line of a batch: the request is priced with the batch discount and waits behind
   * real-time requests for a deployment slot.
   */
  batchId?: string | null;
  /**
   * The id of the usage record and ledger debit when it is not `requestId`: a fallback model's
   * (`<requestId>~<model>`), since the model asked for already recorded its failure under `requestId`.
   */
  usageRecordId?: string;
}

export interface RequestOverrides {
  /** A smaller time budget than `routing.budgetMs`, in ms. */
  budgetMs?: number;
  /** Fewer attempts than `routing.maxAttempts`. */
  maxAttempts?: number;
  /** No fallback to another model. */
  noFallback?: boolean;
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
  /** Deployment ids tried so far, in order (request log). */
  tried: string[];
  deadline: Deadline;
  retry: RetrySettings;
}

export interface InferenceOptions {
  /** A model's price per million tokens, to keep fallbacks from going to pricier models unless allowed. */
  priceOf?: (model: string) => { input: number; output: number } | null;
  /** Keep a conversation on one of equally ranked deployments (routing.cacheAffinity); default false. */
  cacheAffinity?: boolean;
  /** Receives every request for the request log (queues only; absent: no log). */
  requestLog?: RequestLogSink | null;
  /**
   * The fallback list a plan sets for a model (replacing the model's own), undefined when the plan
   * sets none for it.
   */
  planFallbacks?: (planId: string, model: string) => readonly string[] | undefined;
  /** How response headers name the deployment that served (default `opaque` for customers). */
  deploymentNaming?: DeploymentNaming;
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

const capabilityOf: Record<Endpoint, 'chat' | 'completions' | 'embeddings' | 'rerank'> = {
  chat: 'chat',
  completions: 'completions',
  embeddings: 'embeddings',
  rerank: 'rerank',
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
    private readonly shared: SharedRoutingState = new MemoryRoutingState(),
    private readonly options: InferenceOptions = {},
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

  /** Rerank (`POST /v1/rerank`): documents ordered by relevance to a query, metered as input tokens. */
  rerank(context: RequestContext, body: Record<string, unknown>): Promise<InferenceAnswer> {
    return this.handle('rerank', context, body);
  }

  /**
   * Serves the request with the model asked for, or with its fallbacks in order when it has no
   * healthy deployment, every attempt failed, or the prompt does not fit its context window. Each
   * fallback is admitted anew (model access, allow-list, limits, balance) and billed at its own price.
   */
  private handle(endpoint: Endpoint, context: RequestContext, body: Record<string, unknown>): Promise<InferenceAnswer> {
    // Not async: a model without fallbacks (most) is served by `serve`'s own promise, with no second one around it.
    try {
      const requested = this.refusalLogged(endpoint, context, body.model, Date.now(), () =>
        this.resolveModel(endpoint, body.model),
      );
      const fallbacks = context.overrides?.noFallback
        ? []
        : this.fallbacksOf(requested, endpoint, context.principal?.planId ?? null);
      if (fallbacks.length === 0) return this.serve(endpoint, context, body, requested);
      return this.serveWithFallbacks(endpoint, context, body, requested, fallbacks);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The model asked for, then its fallbacks in order, until one answers. */
  private async serveWithFallbacks(
    endpoint: Endpoint,
    context: RequestContext,
    body: Record<string, unknown>,
    requested: ModelEntry,
    fallbacks: ModelEntry[],
  ): Promise<InferenceAnswer> {
    let firstError: unknown = null;
    for (const model of [requested, ...fallbacks]) {
      if (model !== requested && context.signal.aborted) break;
      if (model === requested && exceedsContext(endpoint, body, model)) continue;
      try {
        const answer =
          model === requested
            ? await this.serve(endpoint, context, body, model)
            : await this.serve(
                endpoint,
                { ...context, usageRecordId: fallbackUsageRecordId(context.requestId, model.id) },
                { ...body, model: model.id },
                model,
              );
        if (model !== requested) answer.headers['x-kaiyuan-fallback-from'] = requested.id;
        return answer;
      } catch (error) {
        firstError ??= error;
        // The model asked for failed in a way another model cannot fix (the client's fault, its limits): that is the answer.
        if (model === requested && !fallbackMayFollow(error)) throw error;
      }
    }
    throw firstError ?? publicError(contextExceeded(requested));
  }

  /**
   * The fallback models of a model — its plan's list for it when the plan sets one, else the
   * model's own — that exist, serve the endpoint and are not pricier (unless allowed).
   */
  private fallbacksOf(model: ModelEntry, endpoint: Endpoint, planId: string | null): ModelEntry[] {
    const planList = planId !== null ? this.options.planFallbacks?.(planId, model.id) : undefined;
    const ids = planList ?? model.fallbacks ?? [];
    if (ids.length === 0) return [];
    const result: ModelEntry[] = [];
    const price = (id: string) => {
      const found = this.options.priceOf?.(id);
      return found ? found.input + found.output : null;
    };
    for (const id of ids) {
      const fallback = this.models.get(id);
      if (!fallback || fallback.id === model.id || result.includes(fallback)) continue;
      if (fallback.capabilities.length > 0 && !fallback.capabilities.includes(capabilityOf[endpoint])) continue;
      const own = price(model.id);
      const theirs = price(fallback.id);
      if (!model.fallbackToPricier && own !== null && theirs !== null && theirs > own) continue;
      result.push(fallback);
    }
    return result;
  }

  private async serve(
    endpoint: Endpoint,
    context: RequestContext,
    body: Record<string, unknown>,
    model: ModelEntry,
  ): Promise<InferenceAnswer> {
    const startedAt = Date.now();
    const candidates = orderDeployments(model, {
      allowedRegions: context.principal?.allowedRegions ?? [],
      affinityKey:
        this.options.cacheAffinity && model.deployments.length > 1 ? affinityKeyOf(context.principal, body) : null,
    });
    const stream = !inputOnly(endpoint) && body.stream === true;
    let admission: Admission;
    try {
      admission = await this.admit(endpoint, context, body, model, stream);
    } catch (thrown) {
      // A refusal before any upstream call goes to the request log (awaited here: no .catch promise around admit).
      this.logRefusal(endpoint, context, model.id, startedAt, thrown);
      throw thrown;
    }
    // The status the client sees when the request fails: 200 once a stream has started.
    let failureStatus = 200;
    let responseText: string | null = null;
    let releaseSlot = noop;
    const settle = once((outcome: RequestOutcome) => {
      releaseSlot();
      return this.settle(admission, model, endpoint, context, outcome, plan, failureStatus, responseText);
    });
    const retry = retryFor(this.retry, context.overrides);
    const deadline = new Deadline(retry.budgetMs, Date.now, startedAt);
    const plan: RequestPlan = {
      endpoint,
      context,
      body,
      model,
      candidates,
      admission,
      settle,
      startedAt,
      attempts: 0,
      tried: [],
      deadline,
      retry,
    };
    try {
      // Batch lines queue behind every real-time request.
      const slot = this.acquireSlot(model, context.batchId ? -1 : admission.priority, context.signal, deadline);
      releaseSlot = typeof slot === 'function' ? slot : await slot;
      return await (stream
        ? this.startStream(plan)
        : this.answerJson(plan, (text) => {
            responseText = text;
          }));
    } catch (thrown) {
      if (context.signal.aborted) {
        // The client left before the answer: no failure of ours or the upstream's, nothing delivered.
        const gone = clientClosedError(thrown);
        failureStatus = gone.status;
        await settle({ ...failedOutcome(gone, plan), status: 'client_disconnected' });
        throw gone;
      }
      const error = toKaiyuanError(thrown);
      const shown = publicError(error);
      failureStatus = shown.status;
      await settle(failedOutcome(error, plan));
      throw shown;
    }
  }

  /** Runs a synchronous step before any upstream call; a refusal it throws goes to the request log. */
  private refusalLogged<T>(
    endpoint: Endpoint,
    context: RequestContext,
    model: unknown,
    startedAt: number,
    step: () => T,
  ): T {
    try {
      return step();
    } catch (thrown) {
      this.logRefusal(endpoint, context, model, startedAt, thrown);
      throw thrown;
    }
  }

  /** Writes a refusal (an error before any upstream call) to the request log, when there is one. */
  private logRefusal(endpoint: Endpoint, context: RequestContext, model: unknown, startedAt: number, thrown: unknown) {
    const log = this.options.requestLog;
    if (!log) return;
    log.refused(
      context,
      endpoint,
      typeof model === 'string' ? model : '',
      toKaiyuanError(thrown),
      Date.now() - startedAt,
    );
  }

  /** Checks what can be checked before an upstream call, then admits the request (limits, balance). */
  private admit(
    endpoint: Endpoint,
    context: RequestContext,
    body: Record<string, unknown>,
    model: ModelEntry,
    stream: boolean,
  ): Promise<Admission> {
    // Not async (the gatekeeper's promise is the answer); `serve` logs a refusal thrown or rejected here.
    const promptTokens = promptEstimate(endpoint, body);
    // The estimate leans high: refuse only prompts far beyond the window (twice it), which no upstream can take.
    if (model.contextLength && promptTokens > 2 * model.contextLength) {
      throw invalidRequest(
        `This model's maximum context length is ${model.contextLength} tokens; the prompt alone is about ${promptTokens} tokens. Shorten it.`,
        'messages',
        'context_length_exceeded',
      );
    }
    return this.gatekeeper.admit({
      requestId: context.usageRecordId ?? context.requestId,
      principal: context.principal,
      endpoint,
      ...(context.clientApi ? { clientApi: context.clientApi } : {}),
      model: model.id,
      promptTokens,
      maxOutputTokens: inputOnly(endpoint) ? 0 : maxOutput(body, model),
      stream,
      batchId: context.batchId ?? null,
    });
  }

  /** Waits for a slot when the model's deployments have concurrency limits and are all busy. */
  private acquireSlot(
    model: ModelEntry,
    priority: number,
    signal: CancelSignal,
    deadline: Deadline,
  ): Promise<() => void> | (() => void) {
    const capacity = modelCapacity(model);
    if (capacity === Number.POSITIVE_INFINITY) return noop;
    let queue = this.slots.get(model.id);
    if (!queue) {
      queue = new SlotQueue(() => modelCapacity(this.models.get(model.id) ?? model));
      this.slots.set(model.id, queue);
    }
    const maxWaitMs = priority > 0 ? this.queue.paidMaxWaitMs : this.queue.freeMaxWaitMs;
    return queue.acquire(priority, deadline.cap(maxWaitMs), signal);
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
  private route<T>(
    plan: RequestPlan,
    attempt: (deployment: Deployment, limitMs: number) => Promise<T>,
    judgeSuccessLater = false,
  ) {
    for (const deployment of plan.candidates) this.shared.attach(deployment);
    return callWithFallback(plan.candidates, attempt, {
      slots: (deployment) => this.shared.acquireSlot(deployment),
      settings: plan.retry,
      signal: plan.context.signal,
      deadline: plan.deadline,
      judgeSuccessLater,
      clientBudget: plan.retry.budgetMs < this.retry.budgetMs,
      onAttempt: (report) => {
        plan.attempts++;
        if (this.options.requestLog) plan.tried.push(report.deployment.id);
        this.observer?.attempt(plan.model.id, report);
      },
    });
  }

  private async answerJson(plan: RequestPlan, answered: (text: string) => void): Promise<InferenceAnswer> {
    const { endpoint, context, body } = plan;
    const { value, deployment, attempts, releaseSlot } = await this.route(plan, (candidate, limitMs) =>
      this.callJson(endpoint, context, body, candidate, limitMs),
    );
    releaseSlot();
    const elapsed = Date.now() - plan.startedAt;
    const usage = value.usage ?? estimateUsage(endpoint, body, generatedText(value.json));
    answered(value.text);
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
    const publicText = withPublicModel(value, plan.model.id);
    return {
      kind: 'json',
      text: publicText,
      headers: this.responseHeaders(plan, deployment, attempts),
      json: publicText === value.text ? value.json : { ...value.json, model: plan.model.id },
      usage,
    };
  }

  private async callJson(
    endpoint: Endpoint,
    context: RequestContext,
    body: Record<string, unknown>,
    deployment: Deployment,
    limitMs: number,
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
            : endpoint === 'rerank'
              ? requireMethod(provider.rerank, deployment, endpoint).call(provider, call)
              : requireMethod(provider.embeddings, deployment, endpoint).call(provider, call);
      // A non-streamed answer's first byte is the whole answer: firstByteMs bounds it, and so does the budget.
      const ownLimit = Math.min(deployment.timeouts.firstByteMs, deployment.timeouts.totalMs);
      return await withTimeout(
        pending,
        Math.min(ownLimit, limitMs),
        () => (limitMs < ownLimit ? deadlineCut(limitMs) : timeoutError('the answer', ownLimit, 'response')),
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
    const { value, deployment, attempts, attemptStartedAt, releaseSlot } = await this.route(
      plan,
      (candidate, limitMs) => this.openStream(endpoint, context, body, candidate, limitMs),
      true,
    );
    const ttftMs = Date.now() - plan.startedAt;
    const attemptTtftMs = Date.now() - attemptStartedAt;
    const headers = this.responseHeaders(plan, deployment, attempts);
    headers['content-type'] = 'text/event-stream; charset=utf-8';
    headers['cache-control'] = 'no-cache';
    headers.connection = 'keep-alive';
    headers['x-accel-buffering'] = 'no';
    const finish = async (result: RelayFinish) => {
      deployment.state.inflight--;
      value.release();
      releaseSlot();
      this.judgeStream(plan, deployment, result, attemptStartedAt, attemptTtftMs);
      // Named fields, no rest/spread: copying an object's own keys takes V8's slow path.
      const error = result.error;
      await plan.settle({
        status: result.status,
        usage: result.usage,
        usageEstimated: result.usageEstimated,
        errorCode: result.errorCode,
        errorDetail: error ? operatorDetail(error) : null,
        servedBy: servedBy(deployment),
        latencyMs: Date.now() - plan.startedAt,
        ttftMs,
        attempts,
      });
    };
    // The upstream's model name, read from the first chunk without parsing it (the usual compact JSON).
    const upstreamModel = chunkModel(value.first.data);
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
            publicModel: plan.model.id,
            rewrite: modelRewriter(upstreamModel, plan.model.id),
            publicError,
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
    limitMs: number,
  ) {
    const { source: attempt, release } = childSource(context.signal);
    // The body as the client sent it: a provider asks its upstream for the stream's usage itself.
    const call = providerCall(deployment, body, context, attempt);
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
      const ownLimit = deployment.timeouts.firstByteMs;
      const first = await withTimeout(
        opening(),
        Math.min(ownLimit, limitMs),
        () => (limitMs < ownLimit ? deadlineCut(limitMs) : timeoutError('the first chunk', ownLimit, 'response')),
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

  /**
   * A stream's attempt is judged when the stream ends, not at its first chunk: a deployment that cuts
   * or stalls streams mid-way fails here and its breaker learns it.
   */
  private judgeStream(
    plan: RequestPlan,
    deployment: Deployment,
    result: RelayFinish,
    attemptStartedAt: number,
    ttftMs: number,
  ): void {
    const elapsedMs = Date.now() - attemptStartedAt;
    if (result.status === 'client_disconnected') {
      deployment.state.circuit.onAbandoned();
      return;
    }
    const error = result.status === 'completed' ? null : (result.error ?? null);
    if (error === null) judgeAttempt(deployment, null, ttftMs);
    else judgeAttempt(deployment, error, elapsedMs);
    this.observer?.attempt(plan.model.id, { deployment, error, elapsedMs, ttftMs });
  }

  /**
   * The routing headers of an answer. Customers see the deployment's pseudonym and protocol family
   * (`routing.deploymentHeaders: opaque`), the operator its real names.
   */
  private responseHeaders(plan: RequestPlan, deployment: Deployment, attempts: number): Record<string, string> {
    const names = publicDeploymentNames(
      deployment,
      seesDeploymentNames(plan.context.principal, this.options.deploymentNaming ?? 'opaque'),
    );
    const headers: Record<string, string> = {
      'x-kaiyuan-model': deployment.model,
      'x-kaiyuan-deployment': names.deployment,
      'x-kaiyuan-provider': names.provider,
      'x-kaiyuan-attempts': String(attempts),
    };
    // A for-in copy: spreading the rate-limit headers (keys added one by one) takes V8's slow path, ~30× slower.
    const extra = plan.admission.headers;
    for (const name in extra) headers[name] = extra[name]!;
    return headers;
  }

  private async settle(
    admission: Admission,
    model: ModelEntry,
    endpoint: Endpoint,
    context: RequestContext,
    outcome: RequestOutcome,
    plan: RequestPlan,
    failureStatus: number,
    responseText: string | null,
  ): Promise<void> {
    this.observer?.completed(model.id, endpoint, outcome);
    const log = this.options.requestLog;
    const logged: SettledRequest | null = log
      ? {
          context,
          endpoint,
          model,
          outcome,
          httpStatus: outcome.status === 'completed' ? 200 : failureStatus,
          tried: plan.tried,
          requestBody: plan.body,
          responseText,
        }
      : null;
    // The usage record carries the log entry of a request it describes whole (decision 047): served
    // by a deployment and billed on what it used; the log writes a row of its own for the others.
    const carried =
      logged !== null && admission.carriesLog === true && outcome.servedBy !== null && outcome.status !== 'failed'
        ? log!.carry(logged)
        : null;
    if (logged !== null && carried === null) log!.settled(logged);
    try {
      await admission.settle(outcome, carried);
    } catch (error) {
      // Not written with a record that was not written: the log keeps the request in a row of its own.
      if (carried !== null) log!.settled(logged!);
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
        errorDetail: outcome.errorDetail ?? null,
      },
      'request',
    );
  }
}

function noop(): void {}

/** Endpoints whose answer is not generated text (no output tokens, no streaming). */
function inputOnly(endpoint: Endpoint): boolean {
  return endpoint === 'embeddings' || endpoint === 'rerank';
}

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
      `The model '${deployment.model}' is not served on the ${endpoint} endpoint.`,
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
  if (endpoint === 'rerank') return quickTokenEstimate(rerankText(body));
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
  return {
    deploymentId: deployment.id,
    provider: deployment.providerName,
    upstreamModel: deployment.upstreamModel,
    costPrice: deployment.costPrice ?? null,
  };
}

/** Errors after which a fallback model may serve: the model could not, not the client's fault or its limits. */
function fallbackMayFollow(error: unknown): boolean {
  if (!(error instanceof KaiyuanError)) return false;
  if (error.code === 'no_available_deployment' || error.code === 'server_overloaded') return true;
  return error.code.startsWith('upstream_') && error.retryable && error.status >= 429;
}

function exceedsContext(endpoint: Endpoint, body: Record<string, unknown>, model: ModelEntry): boolean {
  return model.contextLength !== null && promptEstimate(endpoint, body) > model.contextLength;
}

function contextExceeded(model: ModelEntry): KaiyuanError {
  return invalidRequest(
    `The input is longer than the context window of the model '${model.id}' (${model.contextLength} tokens).`,
    'messages',
    'context_length_exceeded',
  );
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
    errorDetail: operatorDetail(error),
    attempts: base.attempts,
  };
}

/** The settings of one request: the operator's, tightened by what the client asked for. */
function retryFor(settings: RetrySettings, overrides: RequestOverrides | undefined): RetrySettings {
  if (!overrides) return settings;
  return {
    ...settings,
    budgetMs: Math.min(settings.budgetMs, overrides.budgetMs ?? Number.POSITIVE_INFINITY),
    maxAttempts: Math.min(settings.maxAttempts, overrides.maxAttempts ?? Number.POSITIVE_INFINITY),
  };
}

/** Wraps a function so that only its first call runs; later calls return the first call's promise. */
function once<T>(run: (value: T) => Promise<void>): (value: T) => Promise<void> {
  let result: Promise<void> | null = null;
  return (value: T) => (result ??= run(value));
}
