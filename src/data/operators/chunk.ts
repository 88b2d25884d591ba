import { z } from 'zod';
import type { DataRecord } from '../data-record.ts';
import { defineOperator } from './operator-types.ts';
import { loadOnFirstUse } from '../../util/load-on-first-use.ts';

const tokenizer = loadOnFirstUse<typeof import('gpt-tokenizer')>('gpt-tokenizer');
const encode = (text: string) => tokenizer().encode(text);
const decode = (tokens: number[]) => tokenizer().decode(tokens);

const schema = z
  .object({
    /** structure: split at Markdown headings and paragraphs, pack up to maxTokens; tokens: fixed token windows. */
    strategy: z.enum(['structure', 'tokens']).default('structure'),
    /** Tokens per chunk (o200k_base tokenizer). */
    maxTokens: z.number().int().min(16).default(512),
    /** Tokens repeated between consecutive chunks. */
    overlapTokens: z.number().int().min(0).default(64),
    /** Chunks with fewer tokens are dropped (except when a record yields a single chunk). */
    minTokens: z.number().int().min(0).default(16),
  })
  .strict()
  .refine((params) => params.overlapTokens < params.maxTokens, {
    message: 'overlapTokens must be smaller than maxTokens',
  });

type Params = z.infer<typeof schema>;

interface Chunk {
  text: string;
  headings: string[];
}

function tokenWindows(text: string, maxTokens: number, overlap: number): string[] {
  const tokens = encode(text);
  if (tokens.length <= maxTokens) return [text];
  const out: string[] = [];
  for (let start = 0; start < tokens.length; start += maxTokens - overlap) {
    out.push(decode(tokens.slice(start, start + maxTokens)).trim());
    if (start + maxTokens >= tokens.length) break;
  }
  return out;
}

function structureChunks(text: string, params: Params): Chunk[] {
  const chunks: Chunk[] = [];
  const headings: string[] = [];
  let current: string[] = [];
  let currentTokens = 0;
  let currentHeadings: string[] = [];
  const flush = () => {
    if (current.length > 0) chunks.push({ text: current.join('\n\n'), headings: currentHeadings });
    const last = current.at(-1);
    const lastTokens = last ? encode(last).length : 0;
    // Overlap: the previous paragraph opens the next chunk when it fits in the overlap budget.
    current = last && lastTokens <= params.overlapTokens && params.overlapTokens > 0 ? [last] : [];
    currentTokens = current.length > 0 ? lastTokens : 0;
  };
  for (const block of text.split(/\n\s*\n/)) {
    const paragraph = block.trim();
    if (!paragraph) continue;
    const heading = /^(#{1,6})\s+(.+)$/.exec(paragraph.split('\n')[0]!);
    if (heading) {
      flush();
      current = [];
      currentTokens = 0;
      headings.length = heading[1]!.length - 1;
      headings.push(heading[2]!.trim());
    }
    if (current.length === 0 || heading) currentHeadings = [...headings];
    const tokens = encode(paragraph).length;
    if (tokens > params.maxTokens) {
      flush();
      for (const piece of tokenWindows(paragraph, params.maxTokens, params.overlapTokens))
        chunks.push({ text: piece, headings: [...headings] });
      current = [];
      currentTokens = 0;
      continue;
    }
    if (currentTokens + tokens > params.maxTokens) {
      flush();
      currentHeadings = [...headings];
    }
    current.push(paragraph);
    currentTokens += tokens;
  }
  if (current.length > 0) chunks.push({ text: current.join('\n\n'), headings: currentHeadings });
  return chunks;
}

export const chunkOperator = defineOperator({
  name: 'chunk',
  description:
    'Splits documents into chunks for RAG or QA generation, by structure (headings, paragraphs) or by tokens, with overlap.',
  schema,
  create(params) {
    return {
      kind: 'map',
      apply(record) {
        if (record.text === undefined) return { kind: 'keep' };
        const chunks =
          params.strategy === 'tokens'
            ? tokenWindows(record.text, params.maxTokens, params.overlapTokens).map((text) => ({
                text,
                headings: [] as string[],
              }))
            : structureChunks(record.text, params);
        const kept =
          chunks.length <= 1 ? chunks : chunks.filter((chunk) => encode(chunk.text).length >= params.minTokens);
        if (kept.length === 1 && kept[0]!.text === record.text) return { kind: 'keep' };
        if (kept.length === 0) return { kind: 'drop', reason: 'chunk: no text' };
        const records: DataRecord[] = kept.map((chunk, index) => ({
          id: `${record.id}#${index + 1}`,
          text: chunk.text,
          meta: {
            ...(record.meta ?? {}),
            source_id: record.id,
            chunk_index: index + 1,
            chunk_count: kept.length,
            ...(chunk.headings.length > 0 ? { headings: chunk.headings } : {}),
          },
        }));
        return { kind: 'split', records, reason: `split into ${records.length} chunks` };
      },
    };
  },
});
