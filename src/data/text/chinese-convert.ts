import * as OpenCC from 'opencc-js';

export type ChineseConversion = 'none' | 't2s' | 's2t';

const converters = new Map<ChineseConversion, (text: string) => string>();

/** Traditional ↔ Simplified Chinese with OpenCC's dictionaries (phrases first, then characters). */
export function chineseConverter(direction: ChineseConversion): (text: string) => string {
  if (direction === 'none') return (text) => text;
  const cached = converters.get(direction);
  if (cached) return cached;
  const converter =
    direction === 't2s' ? OpenCC.Converter({ from: 'tw', to: 'cn' }) : OpenCC.Converter({ from: 'cn', to: 'tw' });
  converters.set(direction, converter);
  return converter;
}
