/**
 * JSON schema (ajv) of `POST /v1/responses`: the fields the translation relies on; other fields
 * are accepted and ignored (`include`, `truncation`, `service_tier`, …).
 */

const inputItem = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    role: { type: 'string', enum: ['user', 'assistant', 'system', 'developer'] },
    content: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'object', required: ['type'] } }] },
    call_id: { type: 'string' },
    name: { type: 'string' },
    arguments: { type: 'string' },
  },
};

export const responsesRequestSchema = {
  type: 'object',
  required: ['model'],
  properties: {
    model: { type: 'string', minLength: 1 },
    input: { anyOf: [{ type: 'string' }, { type: 'array', items: inputItem }] },
    instructions: { type: ['string', 'null'] },
    previous_response_id: { type: ['string', 'null'], minLength: 1 },
    store: { type: ['boolean', 'null'] },
    stream: { type: ['boolean', 'null'] },
    background: { type: ['boolean', 'null'] },
    max_output_tokens: { type: ['integer', 'null'], minimum: 1 },
    temperature: { type: ['number', 'null'], minimum: 0, maximum: 2 },
    top_p: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    parallel_tool_calls: { type: ['boolean', 'null'] },
    metadata: { type: ['object', 'null'] },
    user: { type: ['string', 'null'] },
    tools: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        required: ['type'],
        properties: { type: { type: 'string' }, name: { type: 'string', minLength: 1 } },
      },
    },
    tool_choice: {
      anyOf: [
        { type: 'string', enum: ['none', 'auto', 'required'] },
        { type: 'object', required: ['type'] },
        { type: 'null' },
      ],
    },
    reasoning: {
      type: ['object', 'null'],
      properties: {
        effort: { type: ['string', 'null'] },
        summary: { type: ['string', 'null'], enum: ['auto', 'concise', 'detailed', null] },
      },
    },
    text: {
      type: ['object', 'null'],
      properties: {
        format: {
          type: 'object',
          required: ['type'],
          properties: {
            type: { type: 'string', enum: ['text', 'json_object', 'json_schema'] },
            name: { type: 'string' },
            schema: { type: 'object' },
          },
        },
      },
    },
  },
} as const;
