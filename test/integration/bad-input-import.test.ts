// `logbridge import DIR` over a tree with symbolic-link loops: it ends, and reads each real
// folder and file once.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPaths } from '../../electron/core/importers/imports.js';
import { REPO_ROOT, tempDbPath, tempDir } from '../helpers/temp.js';

const line = (n: number) => `1.1.1.1 - - [10/Oct/2025:13:55:${String(n).padStart(2, '0')} +0000] "GET /${n} HTTP/1.1" 200 1 "-" "ua"\n`;

/** root/a.log, root/sub/b.log, and links: sub/up -> .., sub/self -> ../sub, again -> sub, same.log -> a.log. */
function loopTree(): string {
  const root = path.join(tempDir(), 'logs');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'a.log'), line(1));
  fs.writeFileSync(path.join(root, 'sub', 'b.log'), line(2));
  fs.symlinkSync('..', path.join(root, 'sub', 'up'));
  fs.symlinkSync('../sub', path.join(root, 'sub', 'self'));
  fs.symlinkSync('sub', path.join(root, 'again'));
  fs.symlinkSync('a.log', path.join(root, 'same.log'));
  return root;
}

describe('importing a folder with symbolic-link loops', () => {
  it('lists each real file once, however many links lead to it', async () => {
    const root = loopTree();
    const files = await expandPaths([root, path.join(root, 'sub')]);
    expect(files.map((f) => fs.realpathSync(f)).sort()).toEqual([fs.realpathSync(path.join(root, 'a.log')), fs.realpathSync(path.join(root, 'sub', 'b.log'))].sort());
    // A link to a folder outside the tree is followed: links are not refused, only repeats.
    const outside = path.join(tempDir(), 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'c.log'), line(3));
    fs.symlinkSync(outside, path.join(root, 'elsewhere'));
    expect(await expandPaths([root])).toHaveLength(3);
  });

  it('`logbridge import DIR` ends and imports each event once', () => {
    const db = tempDbPath();
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'logbridge.mjs'), 'import', '--db', db, '--json', loopTree()], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summaries = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { imported: number });
    expect(summaries.map((s) => s.imported)).toEqual([1, 1]);
  });
});
