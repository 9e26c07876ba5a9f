// Environment boundaries (DESIGN: "The shape"), checked on the source text of every file:
//   electron/core  plain Node: never imports 'electron', never reaches main/preload/shell;
//   shared/        isomorphic: no electron, no node:* or Node builtins, no DOM or Node globals;
//   preload        sandboxed: only 'electron' and shared/;
//   renderer/src   talks to the core only through the contract: no electron, no Node, no electron/.
// The core's layout is checked in core-layout.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE, DOM_GLOBALS, globalsUsed, importsOf, isElectron, isInside, isNodeBuiltin, listFiles, NODE_GLOBALS, rel, RENDERER, resolveRelative, ROOT, SHARED } from '../helpers/source-scan.js';

describe('the boundary checks themselves', () => {
  it('find imports in every form, and ignore comments', () => {
    const src = [
      "import { app } from 'electron';",
      "import type { X } from './x.js';",
      "export * from \"node:fs\";",
      "import 'side-effect';",
      'const m = await import("electron/main");',
      "const r = require('os');",
      "// import { nope } from 'commented-out';",
      "/* require('also-not') */",
    ].join('\n');
    expect(importsOf(src).sort()).toEqual(['./x.js', 'electron', 'electron/main', 'node:fs', 'os', 'side-effect'].sort());
  });

  it('find DOM globals in code, not in strings, comments, member names or keys', () => {
    const src = [
      "const w = window.innerWidth; // document",
      "const s = 'navigator';",
      'const o = { document: 1, navigator?: 2 };',
      'type T = { process: string };',
      'x.localStorage = 1;',
      'if (typeof process !== "undefined") {}',
    ].join('\n');
    expect(globalsUsed(src, DOM_GLOBALS)).toEqual(['window']);
    expect(globalsUsed(src, NODE_GLOBALS)).toEqual(['process']);
  });
});

describe('electron/core', () => {
  const files = listFiles(CORE, ['.ts', '.mts', '.cts']);

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it("never imports 'electron'", () => {
    const bad = files.flatMap((f) => importsOf(fs.readFileSync(f, 'utf8')).filter(isElectron).map((s) => `${rel(f)} imports ${s}`));
    expect(bad).toEqual([]);
  });

  it('reaches only electron/core and shared/ (and JSON data such as package.json) through relative imports; the demo shop also our Node SDK', () => {
    // The demo shop is instrumented with the middleware users install (sdk/node), as a real app would be.
    const demo = path.join(CORE, 'demo');
    const sdkNode = path.join(ROOT, 'sdk', 'node');
    const bad = files.flatMap((f) =>
      importsOf(fs.readFileSync(f, 'utf8'))
        .filter((s) => s.startsWith('.') && !s.endsWith('.json'))
        .filter((s) => {
          const target = resolveRelative(f, s);
          if (isInside(f, demo) && isInside(target, sdkNode)) return false;
          return !isInside(target, CORE) && !isInside(target, SHARED);
        })
        .map((s) => `${rel(f)} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });
});

describe('shared/', () => {
  const files = listFiles(SHARED, ['.ts', '.mts', '.cts']);

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('imports neither electron nor Node builtins nor native modules, and stays inside shared/', () => {
    const bad = files.flatMap((f) =>
      importsOf(fs.readFileSync(f, 'utf8'))
        .filter(
          (s) =>
            isElectron(s) || isNodeBuiltin(s) || s === 'better-sqlite3' || (s.startsWith('.') && !isInside(resolveRelative(f, s), SHARED)),
        )
        .map((s) => `${rel(f)} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('touches no DOM globals and no Node globals', () => {
    const bad = files.flatMap((f) => {
      const src = fs.readFileSync(f, 'utf8');
      return globalsUsed(src, [...DOM_GLOBALS, ...NODE_GLOBALS]).map((g) => `${rel(f)} uses ${g}`);
    });
    expect(bad).toEqual([]);
  });
});

describe('electron/preload.ts', () => {
  const file = path.join(ROOT, 'electron', 'preload.ts');

  it("imports only 'electron' and shared/ (it runs sandboxed, without Node)", () => {
    const bad = importsOf(fs.readFileSync(file, 'utf8')).filter(
      (s) => s !== 'electron' && !(s.startsWith('.') && isInside(resolveRelative(file, s), SHARED)),
    );
    expect(bad).toEqual([]);
  });
});

describe('renderer/src', () => {
  const files = listFiles(RENDERER, ['.ts', '.tsx', '.mts']);

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('reaches the core only through the contract: no electron, no Node, nothing under electron/', () => {
    const electronDir = path.join(ROOT, 'electron');
    const bad = files.flatMap((f) =>
      importsOf(fs.readFileSync(f, 'utf8'))
        .filter(
          (s) => isElectron(s) || isNodeBuiltin(s) || s === 'better-sqlite3' || (s.startsWith('.') && isInside(resolveRelative(f, s), electronDir)),
        )
        .map((s) => `${rel(f)} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });
});
