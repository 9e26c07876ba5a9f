// Reading our own sources as text, for the tests that check the project's boundaries and
// layout: every file of a folder, its imports (comments and string contents blanked first), and
// the globals it uses.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORE = path.join(ROOT, 'electron', 'core');
export const SHARED = path.join(ROOT, 'shared');
export const RENDERER = path.join(ROOT, 'renderer', 'src');

export function listFiles(dir: string, exts: readonly string[]): string[] {
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
export const isNodeBuiltin = (spec: string) => spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]!);
export const isElectron = (spec: string) => spec === 'electron' || spec.startsWith('electron/');

export const DOM_GLOBALS = [
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
export const NODE_GLOBALS = ['process', 'Buffer', '__dirname', '__filename', 'require', 'global'];

/** Free uses of the given globals (not `.x` member access, not `x:` object keys or type members). */
export function globalsUsed(src: string, names: readonly string[]): string[] {
  const code = stripSource(src, false);
  const re = new RegExp(`(?<![\\w$.])(${names.join('|')})(?![\\w$])(?!\\s*\\??\\s*:)`, 'g');
  return [...new Set([...code.matchAll(re)].map((m) => m[1]!))];
}

export const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');
export const isInside = (file: string, dir: string) => !path.relative(dir, file).startsWith('..');
export const resolveRelative = (from: string, spec: string) => path.resolve(path.dirname(from), spec);
