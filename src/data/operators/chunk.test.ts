import { encode } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { applyOperator } from './operator-test-support.ts';

const paragraph = (label: string, sentences: number) =>
  Array.from(
    { length: sentences },
    (_, index) => `${label} sentence ${index} explains one more detail of the topic.`,
  ).join(' ');

describe('chunk', () => {
  it('splits by structure at headings and keeps the heading path', () => {
    const text = `# Guide\n\n${paragraph('Intro', 3)}\n\n## 安装\n\n首先下载安装包，然后运行安装程序。安装完成后重启电脑。\n\n## Usage\n\n${paragraph('Usage', 3)}`;
    const outcome = applyOperator(
      'chunk',
      { id: 'doc', text, meta: { source: 'guide.md' } },
      { maxTokens: 64, overlapTokens: 0, minTokens: 1 },
    );
    expect(outcome.kind).toBe('split');
    if (outcome.kind !== 'split') return;
    expect(outcome.records.map((record) => record.meta?.headings)).toEqual([
      ['Guide'],
      ['Guide', '安装'],
      ['Guide', 'Usage'],
    ]);
    expect(outcome.records[1]!.text).toContain('首先下载安装包');
    expect(outcome.records[0]!).toMatchObject({
      id: 'doc#1',
      meta: { source: 'guide.md', source_id: 'doc', chunk_index: 1, chunk_count: 3 },
    });
  });

  it('splits by tokens with overlap', () => {
    const text = paragraph('Long', 40);
    const outcome = applyOperator('chunk', text, { strategy: 'tokens', maxTokens: 100, overlapTokens: 20 });
    if (outcome.kind !== 'split') throw new Error('expected a split');
    for (const record of outcome.records) expect(encode(record.text!).length).toBeLessThanOrEqual(101);
    const first = encode(outcome.records[0]!.text!);
    const second = encode(outcome.records[1]!.text!);
    expect(second.slice(1, 10)).toEqual(first.slice(81, 90));
  });

  it('leaves short documents alone', () => {
    expect(applyOperator('chunk', '短文本，不需要切分。').kind).toBe('keep');
  });
});
