import { z } from 'zod';

/** A fault the simulator injects, for tests, demos and benchmarks of failure handling. */
export const simulatorFaultSchema = z
  .object({
    kind: z.enum(['status', 'reset', 'stall', 'cut', 'malformed', 'error-in-200']),
    /** HTTP status for kind `status` (e.g. 429, 500, 503). */
    status: z.number().int().min(400).max(599).default(503),
    retryAfterSeconds: z.number().nonnegative().optional(),
    /** For `stall`: how long to wait before the first byte (or mid-stream with afterTokens). */
    stallMs: z.number().int().nonnegative().default(60_000),
    /** For `cut` and `malformed` (default 3) and `stall` (default 0: before the first byte): after how many streamed tokens. */
    afterTokens: z.number().int().nonnegative().optional(),
    /** Inject on every Nth call (1 = always). */
    every: z.number().int().positive().default(1),
    /** Or with this probability per call (overrides every when set). */
    rate: z.number().min(0).max(1).optional(),
  })
  .strict();
export type SimulatorFault = z.infer<typeof simulatorFaultSchema>;

export const simulatorOptionsSchema = z
  .object({
    /** Time before the first token, in ms. */
    latencyMs: z.number().nonnegative().default(30),
    /** Streaming speed; 0 streams as fast as possible. */
    tokensPerSecond: z.number().nonnegative().default(150),
    /** Tokens of a default answer (when max_tokens is larger). */
    answerTokens: z.number().int().positive().default(48),
    embeddingDimensions: z.number().int().positive().max(4096).default(256),
    faults: z.array(simulatorFaultSchema).default([]),
    /** Report no usage (to exercise tokenizer estimates). */
    omitUsage: z.boolean().default(false),
  })
  .strict();
export type SimulatorOptions = z.infer<typeof simulatorOptionsSchema>;

export function parseSimulatorOptions(raw: unknown): SimulatorOptions {
  return simulatorOptionsSchema.parse(raw ?? {});
}
