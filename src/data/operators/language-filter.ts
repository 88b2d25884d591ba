import { z } from 'zod';
import { withMeta } from '../data-record.ts';
import { cjkRatio } from '../text/script.ts';
import { defineFilter } from './define-filter.ts';
import { loadOnFirstUse } from '../../util/load-on-first-use.ts';

const languageDetector = loadOnFirstUse<typeof import('tinyld')>('tinyld');

const schema = z
  .object({
    /** ISO 639-1 codes to keep, e.g. [zh, en]. Empty keeps all (only labels). */
    languages: z.array(z.string().min(2).max(3)).default(['zh', 'en']),
    /** Minimum confidence (0..1) of the detected language. */
    minScore: z.number().min(0).max(1).default(0.5),
    /** Write meta.language on kept records. */
    label: z.boolean().default(true),
    /** Characters of the text used for detection (head of the record). */
    sampleCharacters: z.number().int().positive().default(2000),
  })
  .strict();

/** Detected language and score; mostly-CJK Han text counts as zh (tinyld confuses short Chinese with Japanese). */
export function identifyLanguage(text: string): { language: string; score: number } {
  const sample = text.trim();
  if (sample.length === 0) return { language: 'unknown', score: 0 };
  const hasKana = /[\u3040-\u30ff]/.test(sample);
  const hasHangul = /[\uac00-\ud7af]/.test(sample);
  if (!hasKana && !hasHangul && cjkRatio(sample) > 0.5) return { language: 'zh', score: 1 };
  const [best] = languageDetector().detectAll(sample);
  return best ? { language: best.lang, score: best.accuracy } : { language: 'unknown', score: 0 };
}

export const languageFilterOperator = defineFilter({
  name: 'language_filter',
  description: 'Identifies the language (tinyld) and keeps records in the listed languages above a confidence.',
  schema,
  prepare: (params) => ({ keep: new Set(params.languages), counts: {} as Record<string, number> }),
  rule(text, params, { keep, counts }, record) {
    const { language, score } = identifyLanguage(text.slice(0, params.sampleCharacters));
    counts[language] = (counts[language] ?? 0) + 1;
    if (keep.size > 0 && (!keep.has(language) || score < params.minScore))
      return `language ${language} (score ${score.toFixed(2)}) is not one of ${[...keep].join(', ')}`;
    if (!params.label) return null;
    return {
      record: withMeta(record, { language, language_score: Number(score.toFixed(3)) }),
      reason: `labelled ${language}`,
    };
  },
  details: ({ counts }) => ({ ...counts }),
});
