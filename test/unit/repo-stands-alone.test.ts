// A user's clone has nothing beside it: the notes and samples the developers keep in the folder
// next to the checkout are not there. Any tracked text that reaches out of the repository into a
// sibling folder would pass here and fail for them, so this reads every file for such a path.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/temp.js';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'release', 'test-results', '.cache']);
const TEXT = /\.(ts|tsx|mts|cts|js|mjs|cjs|json|md|ya?ml|html|css|sh|txt)$|^(run|before-stop|logbridge\.mjs)$/;

function textFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...textFiles(full));
    } else if (TEXT.test(entry.name) && entry.name !== 'package-lock.json') {
      out.push(full);
    }
  }
  return out;
}

// Relative paths written as text (`../../shared/x`) and as path segments (`'..', 'shared'`).
const RELATIVE = /(?:\.\.\/)+[\w.-]+/g;
const SEGMENTS = /'\.\.'\s*,\s*'([\w.-]+)'/g;

/** Every place in `text` that names a folder outside `root` read from each of `baseDirs`. */
export function reachesOutside(text: string, baseDirs: readonly string[], root: string): string[] {
  const hits: string[] = [];
  const outside = (rel: string) =>
    baseDirs.every((base) => {
      const resolved = path.resolve(base, rel);
      return resolved !== root && !resolved.startsWith(root + path.sep);
    });
  for (const m of text.matchAll(RELATIVE)) if (outside(m[0])) hits.push(m[0]);
  for (const m of text.matchAll(SEGMENTS)) if (outside(path.join('..', m[1]!))) hits.push(m[0]);
  return hits;
}

describe('the repository stands alone', () => {
  it('finds files to check, and the check recognises a path to the folder beside it', () => {
    expect(textFiles(REPO_ROOT).length).toBeGreaterThan(100);
    const sibling = ['..', 'shared'].join('/');
    expect(reachesOutside(`read ${sibling}/samples/a.log`, [REPO_ROOT], REPO_ROOT)).toEqual([sibling]);
    expect(reachesOutside(`path.resolve(ROOT, '..', 'shared')`, [REPO_ROOT], REPO_ROOT)).toHaveLength(1);
    // Imports of the repository's own shared/ folder stay inside it.
    const own = path.join(REPO_ROOT, 'electron', 'core', 'store');
    expect(reachesOutside(`from '${['..', '..', '..', 'shared'].join('/')}/api.js'`, [own], REPO_ROOT)).toEqual([]);
  });

  it('no file in the repository reads anything outside it', () => {
    const offenders: string[] = [];
    for (const file of textFiles(REPO_ROOT)) {
      const text = fs.readFileSync(file, 'utf8');
      // A path may be read from the file's own folder (imports) or from the root (commands in
      // docs and scripts): it reaches out only when it leaves the repository from both.
      const hits = reachesOutside(text, [path.dirname(file), REPO_ROOT], REPO_ROOT);
      for (const h of hits) offenders.push(`${path.relative(REPO_ROOT, file)}: ${h}`);
    }
    expect(offenders).toEqual([]);
  });
});
