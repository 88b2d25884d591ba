/** Fastify (ajv) schemas of the inference endpoints: the fields the gateway relies on; other fields pass through. */

const nullableInteger = (minimum: number, maximum?: number) => ({
  type: ['integer', 'null'],
  minimum,
  ...(maximum ? { maximum } : {}),
});
const nullableNumber = (minimum: number, maximum: number) => ({ type: ['number', 'null'], minimum, maximum });

const common = {
  model: { type: 'string', minLength: 1 },
  stream: { type: ['boolean', 'null'] },
  stream_options: { type: ['object', 'null'], properties: { include_usage: { type: ['boolean', 'null'] } } },
  n: nullableInteger(1, 128),
  max_tokens: nullableInteger(1),
  temperature: nullableNumber(0, 2),
  top_p: nullableNumber(0, 1),
  stop: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: 16 }, { type: 'null' }] },
};

export const chatCompletionSchema = {
  body: {
    type: 'object',
    required: ['model', 'messages'],
    properties: {
      ...common,
      max_completion_tokens: nullableInteger(1),
      messages: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['role'],
          properties: {
            role: { type: 'string', enum: ['system', 'developer', 'user', 'assistant', 'tool', 'function'] },
          },
        },
      },
      tools: {
        type: ['array', 'null'],
        items: {
          type: 'object',
          required: ['type', 'function'],
          properties: {
            type: { type: 'string' },
            function: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } },
          },
        },
      },
      tool_choice: {
        anyOf: [{ type: 'string', enum: ['none', 'auto', 'required'] }, { type: 'object' }, { type: 'null' }],
      },
      response_format: {
        type: ['object', 'null'],
        required: ['type'],
        properties: { type: { type: 'string', enum: ['text', 'json_object', 'json_schema'] } },
      },
    },
  },
} as const;

export const completionSchema = {
  body: {
    type: 'object',
    required: ['model', 'prompt'],
    properties: {
      ...common,
      prompt: { anyOf: [{ type: 'string' }, { type: 'array', minItems: 1 }] },
    },
  },
} as const;

export const embeddingsSchema = {
  body: {
    type: 'object',
    required: ['model', 'input'],
    properties: {
      model: common.model,
      input: { anyOf: [{ type: 'string' }, { type: 'array', minItems: 1, maxItems: 2048 }] },
      encoding_format: { type: ['string', 'null'], enum: ['float', 'base64', null] },
      dimensions: nullableInteger(1, 8192),
    },
  },
} as const;

/** `POST /v1/rerank`: the Jina/Cohere shape (SiliconFlow, DashScope, vLLM). */
export const rerankSchema = {
  body: {
    type: 'object',
    required: ['model', 'query', 'documents'],
    properties: {
      model: common.model,
      query: { type: 'string', minLength: 1 },
      documents: {
        type: 'array',
        minItems: 1,
        maxItems: 1000,
        items: {
          anyOf: [{ type: 'string' }, { type: 'object', required: ['text'], properties: { text: { type: 'string' } } }],
        },
      },
      top_n: nullableInteger(1, 1000),
      return_documents: { type: ['boolean', 'null'] },
    },
  },
} as const;
