import { describe, expect, it } from 'vitest';
import { applyOperator, outcomeKind } from './operator-test-support.ts';

const englishProse =
  'The committee met on Tuesday to review the budget for the coming year. Members agreed that the library should have longer opening hours, ' +
  'and that the park needs new benches with better lighting. The chair thanked the volunteers for their work during the spring festival, which drew ' +
  'more visitors than expected. A final vote on the proposal will be held next month, after residents have had time to comment on the plan.';
const chineseProse =
  '今天上午，市图书馆举行了读书分享会。来自不同行业的读者们聚在一起，交流了自己最近读过的好书。有人分享了历史小说中的人物故事，' +
  '也有人谈到了科普读物带来的启发。活动结束后，图书馆还为每位参加者准备了一本新书作为纪念。大家都说这样的活动很有意义，希望以后能经常举办。';

describe('length_filter', () => {
  it('counts characters (code points) of Chinese and English', () => {
    expect(outcomeKind('length_filter', '你好', { minCharacters: 3 })).toBe('drop');
    expect(outcomeKind('length_filter', '你好世界', { minCharacters: 3 })).toBe('keep');
    expect(outcomeKind('length_filter', 'abcdef', { maxCharacters: 5 })).toBe('drop');
    expect(outcomeKind('length_filter', '𠀀𠀀𠀀', { minCharacters: 3 })).toBe('keep');
  });
});

describe('gopher_quality_filter', () => {
  it('keeps ordinary English and Chinese prose', () => {
    expect(outcomeKind('gopher_quality_filter', englishProse)).toBe('keep');
    expect(outcomeKind('gopher_quality_filter', chineseProse)).toBe('keep');
  });
  it('drops short, symbol-heavy and stop-word-free text', () => {
    expect(applyOperator('gopher_quality_filter', 'too short')).toMatchObject({
      kind: 'drop',
      reason: 'gopher: 2 words < 50',
    });
    expect(outcomeKind('gopher_quality_filter', `${'#tag '.repeat(30)}${englishProse}`)).toBe('drop');
    expect(
      outcomeKind(
        'gopher_quality_filter',
        Array.from({ length: 60 }, (_, index) => `item${index} widget gadget`).join(' '),
      ),
    ).toBe('drop');
  });
});

describe('gopher_repetition_filter', () => {
  it('keeps prose and drops repeated lines and n-grams', () => {
    expect(outcomeKind('gopher_repetition_filter', englishProse)).toBe('keep');
    expect(outcomeKind('gopher_repetition_filter', chineseProse)).toBe('keep');
    expect(applyOperator('gopher_repetition_filter', 'buy now\nbuy now\nbuy now\nsomething else')).toMatchObject({
      kind: 'drop',
      reason: 'repetition: duplicate lines',
    });
    expect(outcomeKind('gopher_repetition_filter', '点击这里领取优惠券'.repeat(20))).toBe('drop');
  });
});

describe('c4_filter', () => {
  it('removes lines without final punctuation, javascript and policy lines, and keeps the rest', () => {
    const text = [
      'Home | About | Contact',
      englishProse,
      'Please enable JavaScript to view this page.',
      'Read our privacy policy.',
      '第一句。第二句！第三句？',
    ].join('\n');
    const outcome = applyOperator('c4_filter', text);
    expect(outcome).toMatchObject({ kind: 'modify', reason: 'c4: removed 3 lines' });
    expect(outcome.kind === 'modify' && outcome.record.text).toBe(`${englishProse}\n第一句。第二句！第三句？`);
  });
  it('drops lorem ipsum, code and documents with too few sentences', () => {
    expect(outcomeKind('c4_filter', `Lorem ipsum dolor sit amet. ${englishProse}`)).toBe('drop');
    expect(outcomeKind('c4_filter', `function f() { return 1; } ${englishProse}`)).toBe('drop');
    expect(applyOperator('c4_filter', '只有一句话。')).toMatchObject({
      kind: 'drop',
      reason: 'c4: 1 sentences < 5 after removing 0 lines',
    });
  });
});

describe('fineweb_filter', () => {
  it('keeps prose, drops lists of short lines and duplicated lines', () => {
    expect(outcomeKind('fineweb_filter', `${englishProse}\n${chineseProse}`)).toBe('keep');
    expect(applyOperator('fineweb_filter', 'Home\nNews\nSports\nWeather\nContact us.')).toMatchObject({ kind: 'drop' });
    expect(outcomeKind('fineweb_filter', `${englishProse}\n${englishProse}`)).toBe('drop');
  });
});

describe('special_characters_filter', () => {
  it('counts symbols but not Chinese or English punctuation', () => {
    expect(outcomeKind('special_characters_filter', chineseProse)).toBe('keep');
    expect(outcomeKind('special_characters_filter', englishProse)).toBe('keep');
    expect(outcomeKind('special_characters_filter', '★★★☆☆ $$$ ### @@@ 好')).toBe('drop');
  });
});

describe('flagged_words_filter', () => {
  it('uses English words and Chinese substrings', () => {
    expect(outcomeKind('flagged_words_filter', englishProse)).toBe('keep');
    expect(outcomeKind('flagged_words_filter', chineseProse)).toBe('keep');
    expect(outcomeKind('flagged_words_filter', 'best casino poker betting site, free porn')).toBe('drop');
    expect(outcomeKind('flagged_words_filter', '网赌平台，六合彩预测，加微信领取')).toBe('drop');
    expect(outcomeKind('flagged_words_filter', '网赌平台', { lists: ['en'] })).toBe('keep');
  });
});

describe('language_filter', () => {
  it('labels and keeps listed languages, drops others', () => {
    expect(applyOperator('language_filter', chineseProse)).toMatchObject({
      kind: 'modify',
      record: { meta: { language: 'zh' } },
    });
    expect(applyOperator('language_filter', englishProse)).toMatchObject({
      kind: 'modify',
      record: { meta: { language: 'en' } },
    });
    expect(
      outcomeKind(
        'language_filter',
        'Ceci est une phrase en français, écrite pour tester la détection de la langue du texte.',
      ),
    ).toBe('drop');
    expect(outcomeKind('language_filter', englishProse, { languages: ['zh'] })).toBe('drop');
  });
});
