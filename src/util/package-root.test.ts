import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageRoot } from './package-root.ts';

describe('packageRoot', () => {
  it('is the repository root from a module under src/', () => {
    expect(packageRoot()).toBe(path.resolve(import.meta.dirname, '../..'));
  });

  it('skips package.json files of other packages and finds ours from a bundle directory', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'kaiyuan-root-'));
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'kaiyuan' }));
    mkdirSync(path.join(root, 'dist', 'inner'), { recursive: true });
    writeFileSync(path.join(root, 'dist', 'inner', 'package.json'), JSON.stringify({ name: 'other' }));
    expect(packageRoot(pathToFileURL(path.join(root, 'dist', 'inner', 'kaiyuan.mjs')).href)).toBe(root);
  });

  it('says so when there is none', () => {
    expect(() => packageRoot(pathToFileURL(path.join(tmpdir(), 'nowhere', 'x.mjs')).href)).toThrow(
      /package\.json was not found/,
    );
  });
});
