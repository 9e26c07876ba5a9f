// The layout of electron/core (CORE_LAYERS below): its folders in layers, every import pointing
// down, no cycle between folders, a README.md in each saying what it may import; IPC names
// written once; database drivers only inside their store adapters.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE, importsOf, isInside, listFiles, rel, RENDERER, resolveRelative, ROOT, SHARED, stripSource } from '../helpers/source-scan.js';

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
  ['privacy', 'analysis', 'demo'], // hashing, redaction, retention; sessions and charts over the port; the demo shop and its crowd
  ['collect', 'importers'], // events arriving over HTTP; events read from files
  ['views', 'export'], // saved views' file; the export writers and one-time download tickets
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
