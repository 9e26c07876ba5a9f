// Environment boundaries (DESIGN: "The shape"), checked on the source text of every file:
//   electron/core  plain Node: never imports 'electron', never reaches main/preload/shell;
//   shared/        isomorphic: no electron, no node:* or Node builtins, no DOM or Node globals;
//   preload        sandboxed: only 'electron' and shared/;
//   renderer/src   talks to the core only through the contract: no electron, no Node, no electron/.
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORE = path.join(ROOT, 'electron', 'core');
const SHARED = path.join(ROOT, 'shared');
const RENDERER = path.join(ROOT, 'renderer', 'src');

function listFiles(dir: string, exts: readonly string[]): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...listFiles(full, exts));
    } else if (exts.some((e) => entry.name.endsWith(e))) {
      out.push(full);
    }
  }
  return out;
}

/**
 * Blanks comments and, unless keepStrings, the contents of string and template literals, so
 * the checks below neither trip on prose nor miss code. Offsets and lines are preserved.
 */
export function stripSource(src: string, keepStrings: boolean): string {
  let out = '';
  let i = 0;
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  while (i < src.length) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      const end = src.indexOf('\n', i);
      const stop = end === -1 ? src.length : end;
      out += blank(src.slice(i, stop));
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? src.length : end + 2;
      out += blank(src.slice(i, stop));
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') j++;
        else if (c !== '`' && src[j] === '\n') break;
        j++;
      }
      const lit = src.slice(i, j + 1);
      out += keepStrings ? lit : c + blank(lit.slice(1, -1)) + (lit.length > 1 ? c : '');
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const IMPORT_PATTERNS = [
  /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/g,
  /\bimport\s*(['"])([^'"]+)\1/g,
  /\b(?:import|require)\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
];

/** Every module specifier a file imports, re-exports, requires or imports dynamically. */
export function importsOf(src: string): string[] {
  const code = stripSource(src, true);
  const found = new Set<string>();
  for (const re of IMPORT_PATTERNS) for (const m of code.matchAll(re)) found.add(m[2]!);
  return [...found];
}

const NODE_BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const isNodeBuiltin = (spec: string) => spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]!);
const isElectron = (spec: string) => spec === 'electron' || spec.startsWith('electron/');

const DOM_GLOBALS = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'HTMLElement',
  'DOMParser',
  'XMLHttpRequest',
  'indexedDB',
  'customElements',
  'requestAnimationFrame',
];
const NODE_GLOBALS = ['process', 'Buffer', '__dirname', '__filename', 'require', 'global'];

/** Free uses of the given globals (not `.x` member access, not `x:` object keys or type members). */
export function globalsUsed(src: string, names: readonly string[]): string[] {
  const code = stripSource(src, false);
  const re = new RegExp(`(?<![\\w$.])(${names.join('|')})(?![\\w$])(?!\\s*\\??\\s*:)`, 'g');
  return [...new Set([...code.matchAll(re)].map((m) => m[1]!))];
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');
const isInside = (file: string, dir: string) => !path.relative(dir, file).startsWith('..');
const resolveRelative = (from: string, spec: string) => path.resolve(path.dirname(from), spec);

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

  it('reaches only electron/core and shared/ (and JSON data such as package.json) through relative imports', () => {
    const bad = files.flatMap((f) =>
      importsOf(fs.readFileSync(f, 'utf8'))
        .filter((s) => s.startsWith('.') && !s.endsWith('.json'))
        .filter((s) => {
          const target = resolveRelative(f, s);
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
