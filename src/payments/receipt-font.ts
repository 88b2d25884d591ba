import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

/** A font pdfkit can embed: the bytes (or a file) and, for a collection (.ttc), the face to use. */
export interface ReceiptFont {
  source: Buffer | string;
  family?: string;
}

/**
 * Noto Sans SC (SIL Open Font License) from the `@openfonts/noto-sans-sc_all` package: installed
 * with the platform, never fetched at run time, so every receipt prints its Chinese the same on
 * any machine. The complete font, not a web subset: any organization name prints.
 */
export function bundledCjkFontPath(): string | null {
  try {
    return createRequire(import.meta.url).resolve('@openfonts/noto-sans-sc_all/files/noto-sans-sc-all-400.woff');
  } catch {
    return null;
  }
}

/** Fonts with Chinese glyphs where Debian and others install them: used only without the package. */
const systemFonts: ReceiptFont[] = [
  { source: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { source: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { source: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { source: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
];

let bundled: Promise<ReceiptFont | null> | null = null;

/**
 * The receipt font, read once per process: the bundled Noto Sans SC unpacked from WOFF with
 * Node's zlib (about a second; pdfkit's own JavaScript inflater takes minutes on a font this
 * size), else an installed system font, else null (receipts then print English labels only).
 */
export function receiptFont(): Promise<ReceiptFont | null> {
  bundled ??= (async () => {
    const path = bundledCjkFontPath();
    if (path) return { source: woffToSfnt(await readFile(path)) };
    return systemFonts.find((font) => existsSync(font.source as string)) ?? null;
  })().catch((error: unknown) => {
    bundled = null;
    throw error;
  });
  return bundled;
}

/**
 * A WOFF 1.0 font as the OpenType/TrueType file it wraps (W3C WOFF: a 44-byte header, a directory
 * of 20-byte entries, each table zlib-compressed when that made it smaller).
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF font');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  for (let index = 0; index < numTables; index++) {
    const entry = 44 + index * 20;
    const tableOffset = woff.readUInt32BE(entry + 4);
    const compressedLength = woff.readUInt32BE(entry + 8);
    const length = woff.readUInt32BE(entry + 12);
    const stored = woff.subarray(tableOffset, tableOffset + compressedLength);
    const table = compressedLength < length ? inflateSync(stored) : stored;
    if (table.length !== length) throw new Error(`WOFF table ${index} unpacks to ${table.length} bytes, not ${length}`);
    const directory = 12 + index * 16;
    header.writeUInt32BE(woff.readUInt32BE(entry), directory); // tag
    header.writeUInt32BE(woff.readUInt32BE(entry + 16), directory + 4); // checksum
    header.writeUInt32BE(offset, directory + 8);
    header.writeUInt32BE(length, directory + 12);
    const padded = Buffer.alloc((length + 3) & ~3);
    table.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  }
  return Buffer.concat([header, ...bodies]);
}
