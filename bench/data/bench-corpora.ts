import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { plantedCorpus } from '../../test/data/near-dedup-corpus.ts';

export interface BenchCorpus {
  name: string;
  texts: string[];
  bytes: number;
}

function corpus(name: string, texts: string[]): BenchCorpus {
  return { name, texts, bytes: texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0) };
}

/** The Complete Tang Poems (全唐诗) from the `chinese-poetry` npm package: title + lines per poem. */
export function tangPoems(maxFiles: number): BenchCorpus {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('chinese-poetry/package.json'));
  const directory = path.join(root, 'dist', 'quantangshi');
  const files = readdirSync(directory)
    .filter((file) => /^poet\.tang\.\d+\.json$/.test(file))
    .sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]))
    .slice(0, maxFiles);
  const texts: string[] = [];
  for (const file of files) {
    const poems = JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as Array<{
      title?: string;
      paragraphs?: string[];
    }>;
    for (const poem of poems)
      if (poem.paragraphs?.length) texts.push(`${poem.title ?? ''}\n${poem.paragraphs.join('\n')}`);
  }
  return corpus(`chinese-poetry: 全唐诗 (${files.length} files)`, texts);
}

/** Generated Chinese and English documents (200–500 characters / 120–320 words) with 20% planted near-duplicates. */
export function generatedDocuments(originals: number): BenchCorpus {
  const { texts } = plantedCorpus(originals, Math.round(originals / 4), 3);
  return corpus(`generated zh+en (${originals} + ${Math.round(originals / 4)} near-dups)`, texts);
}
