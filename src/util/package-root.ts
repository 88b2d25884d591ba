import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory of Kaiyuan's package.json: the first one above this module, whether it runs from
 * `src/` (through tsx) or from the bundle in `dist/`. Files shipped beside the code (the console
 * in `web/dist/`) are found from here.
 */
export function packageRoot(from: string = import.meta.url): string {
  let directory = path.dirname(fileURLToPath(from));
  for (;;) {
    const manifest = path.join(directory, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'kaiyuan')
      return directory;
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`Kaiyuan's package.json was not found above ${fileURLToPath(from)}`);
    directory = parent;
  }
}
