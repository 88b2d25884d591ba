import type { DataRecord } from '../../data/data-record.ts';
import type { LabelSchema } from '../label-schema.ts';
import { candidateResponses, existingAnswer, promptMessages, taskText } from '../task-content.ts';

/**
 * What a model is asked for each label kind: a JSON schema for `response_format: json_schema`
 * (strict, no extra properties) and a prompt. Span labels ask for the entity text, not offsets:
 * models count characters badly (especially in CJK), so offsets are found in the text afterwards.
 */
export function answerSchema(schema: LabelSchema): Record<string, unknown> {
  const object = (properties: Record<string, unknown>) => ({
    type: 'object',
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  });
  switch (schema.kind) {
    case 'classification':
      return schema.multiple
        ? object({ labels: { type: 'array', items: { type: 'string', enum: schema.labels } } })
        : object({ label: { type: 'string', enum: schema.labels } });
    case 'spans':
      return object({
        entities: {
          type: 'array',
          items: object({ text: { type: 'string' }, label: { type: 'string', enum: schema.labels } }),
        },
      });
    case 'rating':
      return object({ rating: { type: 'integer', minimum: schema.min, maximum: schema.max } });
    case 'preference':
      return object({ preferred: { type: 'string', enum: schema.allowTie ? ['a', 'b', 'tie'] : ['a', 'b'] } });
    case 'response':
      return object({ answer: { type: 'string' } });
    case 'qa_review':
      return qaSchema();
  }
}

export function qaSchema(): Record<string, unknown> {
  const pair = {
    type: 'object',
    properties: { question: { type: 'string' }, answer: { type: 'string' } },
    required: ['question', 'answer'],
    additionalProperties: false,
  };
  return {
    type: 'object',
    properties: { pairs: { type: 'array', items: pair } },
    required: ['pairs'],
    additionalProperties: false,
  };
}

const defaultTemplates: Record<LabelSchema['kind'], string> = {
  classification: 'Classify the text. Labels: {{labels}}.{{multiple}}\n\nText:\n{{text}}',
  spans:
    'Find every entity in the text. Entity labels: {{labels}}. Copy each entity exactly as it appears in the text.\n\nText:\n{{text}}',
  rating: 'Rate the text from {{min}} to {{max}}.\n\nText:\n{{text}}',
  preference:
    'Which response answers the prompt better, a or b?\n\nPrompt:\n{{prompt}}\n\nResponse a:\n{{response_a}}\n\nResponse b:\n{{response_b}}',
  response: 'Write the best answer to this instruction.\n\n{{prompt}}',
  qa_review:
    'Write {{count}} question–answer pairs that this text answers, in the language of the text.\n\nText:\n{{text}}',
};

/** Fills `{{name}}` placeholders (unknown ones stay as they are). */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

export function promptValues(
  schema: LabelSchema,
  record: DataRecord,
  extra: Record<string, string> = {},
): Record<string, string> {
  const responses = candidateResponses(record);
  return {
    text: taskText(record),
    labels: 'labels' in schema ? schema.labels.join(', ') : '',
    multiple:
      schema.kind === 'classification' && schema.multiple
        ? ' Choose every label that applies (possibly none).'
        : ' Choose exactly one label.',
    min: schema.kind === 'rating' ? String(schema.min) : '',
    max: schema.kind === 'rating' ? String(schema.max) : '',
    prompt: promptMessages(record)
      .map((message) => `${message.role}: ${message.content}`)
      .join('\n'),
    response_a: responses?.[0] ?? '',
    response_b: responses?.[1] ?? '',
    answer: existingAnswer(record) ?? '',
    ...extra,
  };
}

/** The chat messages of one pre-labeling or generation request. */
export function buildMessages(
  schema: LabelSchema,
  record: DataRecord,
  options: { template?: string; instructions?: string; extra?: Record<string, string> } = {},
): Array<{ role: 'system' | 'user'; content: string }> {
  const template = options.template ?? defaultTemplates[schema.kind];
  const system = [
    'You are a careful data annotator. Answer with one JSON object that matches the given schema and nothing else.',
    options.instructions ? `Project guidelines:\n${options.instructions}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: renderTemplate(template, promptValues(schema, record, options.extra)) },
  ];
}

export function defaultTemplate(kind: LabelSchema['kind']): string {
  return defaultTemplates[kind];
}
