/** A generated corpus with planted near-duplicates (ground truth known), Chinese and English. */

const han =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';
const syllables = [
  'ka',
  'lo',
  'mi',
  'ten',
  'ra',
  'vos',
  'pel',
  'dun',
  'shi',
  'gar',
  'no',
  'bel',
  'tor',
  'qui',
  'sa',
  'fen',
  'wu',
  'lan',
  'dor',
  'ix',
];

export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function englishWord(next: () => number): string {
  const length = 1 + Math.floor(next() * 3);
  let word = '';
  for (let index = 0; index < length; index++) word += syllables[Math.floor(next() * syllables.length)];
  return word;
}

export function chineseDocument(next: () => number, characters: number): string {
  let text = '';
  for (let index = 0; index < characters; index++) {
    text += han[Math.floor(next() * han.length)];
    if (index % 17 === 16) text += next() < 0.7 ? '，' : '。';
  }
  return `${text}。`;
}

export function englishDocument(next: () => number, words: number): string {
  const out: string[] = [];
  for (let index = 0; index < words; index++) out.push(englishWord(next) + (index % 12 === 11 ? '.' : ''));
  return out.join(' ');
}

/** Small edits: a few token substitutions or deletions, and sometimes a prefix or suffix. */
export function perturb(text: string, next: () => number, editRate: number): string {
  const isChinese = /[\u4e00-\u9fff]/.test(text);
  const tokens = isChinese ? [...text] : text.split(' ');
  const edits = Math.max(1, Math.round(tokens.length * editRate));
  for (let edit = 0; edit < edits; edit++) {
    const position = Math.floor(next() * tokens.length);
    if (next() < 0.5) tokens.splice(position, 1);
    else tokens[position] = isChinese ? han[Math.floor(next() * han.length)]! : englishWord(next);
  }
  let result = tokens.join(isChinese ? '' : ' ');
  if (next() < 0.3) result = isChinese ? `转载：${result}` : `Reposted: ${result}`;
  if (next() < 0.3) result = isChinese ? `${result}（完）` : `${result} (end)`;
  return result;
}

export interface PlantedCorpus {
  texts: string[];
  /** For planted duplicates: the index of the document they were made from; -1 for originals. */
  sourceOf: number[];
}

export function plantedCorpus(originals: number, duplicates: number, seed = 7, editRate = 0.015): PlantedCorpus {
  const next = random(seed);
  const texts: string[] = [];
  const sourceOf: number[] = [];
  for (let index = 0; index < originals; index++) {
    texts.push(
      index % 2 === 0
        ? chineseDocument(next, 200 + Math.floor(next() * 300))
        : englishDocument(next, 120 + Math.floor(next() * 200)),
    );
    sourceOf.push(-1);
  }
  for (let index = 0; index < duplicates; index++) {
    const source = Math.floor(next() * originals);
    texts.push(perturb(texts[source]!, next, editRate));
    sourceOf.push(source);
  }
  return { texts, sourceOf };
}
