import { loadOnFirstUse } from '../../util/load-on-first-use.ts';

/** OpenCC's dictionaries (a few MB of heap), loaded by the first conversion, not by every server. */
const openCC = loadOnFirstUse<typeof import('opencc-js')>('opencc-js');

export type ChineseConversion = 'none' | 't2s' | 's2t';

const converters = new Map<ChineseConversion, (text: string) => string>();

/** Traditional ↔ Simplified Chinese with OpenCC's dictionaries (phrases first, then characters). */
export function chineseConverter(direction: ChineseConversion): (text: string) => string {
  if (direction === 'none') return (text) => text;
  const cached = converters.get(direction);
  if (cached) return cached;
  const converter =
    direction === 't2s' ? openCC().Converter({ from: 'tw', to: 'cn' }) : openCC().Converter({ from: 'cn', to: 'tw' });
  converters.set(direction, converter);
  return converter;
}
