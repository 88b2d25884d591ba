import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repository = path.resolve(import.meta.dirname, '..');

/** A copy of the launcher beside a stand-in bundle and stand-in sources that say which one ran. */
function checkout(): { root: string; run(): string; touch(file: string, secondsAgo: number): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'kaiyuan-launcher-'));
  for (const directory of ['bin', 'dist', 'src/cli']) mkdirSync(path.join(root, directory), { recursive: true });
  copyFileSync(path.join(repository, 'bin/kaiyuan.js'), path.join(root, 'bin/kaiyuan.js'));
  symlinkSync(path.join(repository, 'node_modules'), path.join(root, 'node_modules'));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'kaiyuan', type: 'module' }));
  writeFileSync(path.join(root, 'dist/kaiyuan.mjs'), "process.stdout.write('bundle');\n");
  writeFileSync(path.join(root, 'src/cli/main.ts'), "const from: string = 'sources';\nprocess.stdout.write(from);\n");
  return {
    root,
    run: () => execFileSync(process.execPath, [path.join(root, 'bin/kaiyuan.js')], { encoding: 'utf8' }),
    touch(file, secondsAgo) {
      const time = new Date(Date.now() - secondsAgo * 1000);
      utimesSync(path.join(root, file), time, time);
    },
  };
}

describe('the kaiyuan launcher', () => {
  it('runs the compiled bundle when it is newer than every source file', () => {
    const project = checkout();
    project.touch('src/cli/main.ts', 60);
    project.touch('dist/kaiyuan.mjs', 10);
    expect(project.run()).toBe('bundle');
  });

  it('runs the TypeScript sources when one of them changed after the bundle was built', () => {
    const project = checkout();
    project.touch('dist/kaiyuan.mjs', 60);
    project.touch('src/cli/main.ts', 10);
    expect(project.run()).toBe('sources');
  });
});
