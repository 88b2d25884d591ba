/**
 * JSON schemas (ajv) of `POST /v1/messages` and `/v1/messages/count_tokens`: the fields the
 * translation relies on; other fields are accepted and ignored, as Anthropic adds fields often.
 */

const contentBlock = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string' } },
};

const message = {
  type: 'object',
  required: ['role', 'content'],
  properties: {
    role: { type: 'string', enum: ['user', 'assistant'] },
    content: { anyOf: [{ type: 'string' }, { type: 'array', items: contentBlock }] },
  },
};

const tool = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 128 },
    description: { type: 'string' },
    input_schema: { type: 'object' },
  },
};

const toolChoice = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string', enum: ['auto', 'any', 'tool', 'none'] },
    name: { type: 'string' },
    disable_parallel_tool_use: { type: 'boolean' },
  },
};

const countProperties = {
  model: { type: 'string', minLength: 1 },
  messages: { type: 'array', minItems: 1, items: message },
  system: { anyOf: [{ type: 'string' }, { type: 'array', items: contentBlock }] },
  tools: { type: 'array', items: tool },
  tool_choice: toolChoice,
  thinking: {
    type: 'object',
    required: ['type'],
    properties: {
      type: { type: 'string', enum: ['enabled', 'disabled', 'adaptive'] },
      budget_tokens: { type: 'integer', minimum: 0 },
    },
  },
};

export const messagesRequestSchema = {
  type: 'object',
  required: ['model', 'messages', 'max_tokens'],
  properties: {
    ...countProperties,
    max_tokens: { type: 'integer', minimum: 1 },
    stream: { type: 'boolean' },
    stop_sequences: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 16 },
    temperature: { type: 'number', minimum: 0, maximum: 1 },
    top_p: { type: 'number', minimum: 0, maximum: 1 },
    top_k: { type: 'integer', minimum: 0 },
    metadata: { type: 'object', properties: { user_id: { type: ['string', 'null'] } } },
  },
} as const;

export const countTokensRequestSchema = {
  type: 'object',
  required: ['model', 'messages'],
  properties: countProperties,
} as const;
