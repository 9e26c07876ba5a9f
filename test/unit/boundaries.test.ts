// Environment boundaries (DESIGN: "The shape"), checked on the source text of every file:
//   electron/core  plain Node: never imports 'electron', never reaches main/preload/shell;
//   shared/        isomorphic: no electron, no node:* or Node builtins, no DOM or Node globals;
//   preload        sandboxed: only 'electron' and shared/;
//   renderer/src   talks to the core only through the contract: no electron, no Node, no electron/.
// And the core's layout (CORE_LAYERS below): its folders in layers, every import pointing down,
// no cycle between folders, a README.md in each saying what it may import; IPC names written once.
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

// ---- The core's layout: folders in layers, imports pointing down only ----

/**
 * electron/core's folders (and loose root modules) in layers, lowest first. A module imports
 * from its own folder and from lower layers, never from a higher one; folders of one layer may
 * import each other, but never in a cycle. Each folder's README.md says what it may import.
 */
const CORE_LAYERS: readonly (readonly string[])[] = [
  ['paths.ts', 'version.ts', 'spawn-worker.ts'], // small leaf modules: imported, importing nothing of the core
  ['query', 'mapping', 'net'], // the search language; item -> event mappers; HTTP building blocks
  ['store'], // the store port and its adapters
  ['privacy'], // hashing, redaction, retention
  ['collect', 'importers'], // events arriving over HTTP; events read from files
  ['rpc', 'http'], // the contract's dispatcher and transports; the local HTTP server
  ['handlers'], // the contract's calls, one module per domain
  ['service.ts', 'compose.ts'], // the composition root
];

/** The unit a core file belongs to: its top folder, or its own name for a module at the root. */
function coreUnit(file: string): string {
  const first = path.relative(CORE, file).split(path.sep)[0]!;
  return first.replace(/\.(m|c)?js$/, '.ts');
}

type Arrow = { from: string; to: string; via: string };

/** Arrows between units of electron/core, each with one import that makes it (for the message). */
function coreArrows(): Arrow[] {
  const arrows = new Map<string, Arrow>();
  for (const f of listFiles(CORE, ['.ts', '.mts', '.cts'])) {
    for (const s of importsOf(fs.readFileSync(f, 'utf8'))) {
      if (!s.startsWith('.')) continue;
      const target = resolveRelative(f, s);
      if (!isInside(target, CORE) || path.relative(CORE, target) === '') continue;
      const from = coreUnit(f);
      const to = coreUnit(target);
      if (from !== to && !arrows.has(`${from} ${to}`)) arrows.set(`${from} ${to}`, { from, to, via: `${rel(f)} imports ${s}` });
    }
  }
  return [...arrows.values()];
}

/** Every cycle's units, each cycle once (Tarjan's strongly connected components of two or more). */
function cyclesOf(arrows: readonly { from: string; to: string }[]): string[][] {
  const next = new Map<string, string[]>();
  for (const a of arrows) next.set(a.from, [...(next.get(a.from) ?? []), a.to]);
  const nodes = [...new Set(arrows.flatMap((a) => [a.from, a.to]))];
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}

describe('the layout checks themselves', () => {
  it('find cycles of any length, and none in a layered graph', () => {
    const arrows = (s: string) => s.split(' ').map((p) => ({ from: p.split('>')[0]!, to: p.split('>')[1]! }));
    expect(cyclesOf(arrows('a>b b>c c>a c>d'))).toEqual([['a', 'b', 'c']]);
    expect(cyclesOf(arrows('a>b b>a c>d d>c'))).toHaveLength(2);
    expect(cyclesOf(arrows('a>b a>c b>c c>d'))).toEqual([]);
  });
});

describe('the layout of electron/core', () => {
  const layerOf = new Map(CORE_LAYERS.flatMap((units, i) => units.map((u): [string, number] => [u, i])));
  const units = [...new Set(listFiles(CORE, ['.ts', '.mts', '.cts']).map(coreUnit))];
  const arrows = coreArrows();

  it('places every top folder and root module in a layer (CORE_LAYERS above)', () => {
    expect(units.filter((u) => !layerOf.has(u))).toEqual([]);
  });

  it('has no import pointing up a layer', () => {
    const up = arrows.filter((a) => (layerOf.get(a.to) ?? -1) > (layerOf.get(a.from) ?? Infinity));
    expect(up.map((a) => `${a.from} -> ${a.to}: ${a.via}`)).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const cycles = cyclesOf(arrows);
    const said = cycles.map((c) => `${c.join(' <-> ')}: ${arrows.filter((a) => c.includes(a.from) && c.includes(a.to)).map((a) => a.via).join('; ')}`);
    expect(said).toEqual([]);
  });

  it('lets the collector and the file importers share mapping/, never reach into each other', () => {
    const between = arrows.filter((a) => [a.from, a.to].sort().join(' ') === 'collect importers');
    expect(between.map((a) => a.via)).toEqual([]);
  });

  it('keeps mapping/ pure: only shared/ and zod, no Node, no HTTP, nothing else of the core', () => {
    const mapping = path.join(CORE, 'mapping');
    const bad = listFiles(mapping, ['.ts']).flatMap((f) =>
      importsOf(fs.readFileSync(f, 'utf8'))
        .filter((s) => s !== 'zod' && !(s.startsWith('.') && (isInside(resolveRelative(f, s), mapping) || isInside(resolveRelative(f, s), SHARED))))
        .map((s) => `${rel(f)} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('has a README.md in every top folder saying what lives there and what it may import', () => {
    const folders = fs.readdirSync(CORE, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const missing = folders.filter((d) => {
      const readme = path.join(CORE, d, 'README.md');
      return !fs.existsSync(readme) || !/^May import\b/m.test(fs.readFileSync(readme, 'utf8'));
    });
    expect(missing).toEqual([]);
  });
});

describe('the IPC names', () => {
  it('are written once, in shared/ipc.ts; the main process, preload and renderer import them', async () => {
    const { IPC_CHANNELS } = await import('../../shared/ipc.js');
    const names = Object.values(IPC_CHANNELS);
    const files = [
      ...listFiles(path.join(ROOT, 'electron'), ['.ts']),
      ...listFiles(RENDERER, ['.ts', '.tsx']),
      ...listFiles(SHARED, ['.ts']),
    ].filter((f) => rel(f) !== 'shared/ipc.ts');
    const bad = files.flatMap((f) => {
      const code = stripSource(fs.readFileSync(f, 'utf8'), true);
      return names.filter((n) => code.includes(`'${n}'`) || code.includes(`"${n}"`) || code.includes(`\`${n}\``)).map((n) => `${rel(f)} writes ${n}`);
    });
    expect(bad).toEqual([]);
  });
});

describe('the store port', () => {
  /** Each database driver, and the one adapter folder that may use it. */
  const DRIVERS: Record<string, string> = {
    'better-sqlite3': path.join(CORE, 'store', 'sqlite'),
    '@clickhouse/client': path.join(CORE, 'store', 'clickhouse'),
  };

  it('keeps each database driver inside its adapter: everything else reaches storage through port.ts', () => {
    const offenders: string[] = [];
    for (const f of [...listFiles(path.join(ROOT, 'electron'), ['.ts']), ...listFiles(SHARED, ['.ts']), ...listFiles(RENDERER, ['.ts', '.tsx'])]) {
      for (const s of importsOf(fs.readFileSync(f, 'utf8'))) {
        const home = DRIVERS[s];
        if (home && !isInside(f, home)) offenders.push(`${rel(f)} imports ${s}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('lets only the composition root pick an adapter: no other core module imports one', () => {
    const adapters = [path.join(CORE, 'store', 'sqlite'), path.join(CORE, 'store', 'clickhouse')];
    const offenders: string[] = [];
    for (const f of listFiles(CORE, ['.ts'])) {
      if (adapters.some((a) => isInside(f, a)) || f === path.join(CORE, 'compose.ts')) continue;
      for (const s of importsOf(fs.readFileSync(f, 'utf8'))) {
        if (!s.startsWith('.')) continue;
        const target = resolveRelative(f, s);
        if (adapters.some((a) => isInside(target, a))) offenders.push(`${rel(f)} imports ${s}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
