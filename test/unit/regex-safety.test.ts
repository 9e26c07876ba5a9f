// Every regular expression in electron/core may meet text chosen by whoever reaches the collector
// or writes the file being imported, so each must match in time linear in its input: one POST of
// 15 messages of 'a' * 31000 + '@' once held the collector for 17 s on a quadratic pattern. The
// patterns are gathered from the source (every regex literal) and from the code that builds them
// at run time, and each is checked with recheck, a ReDoS analyser that proves a bound from the
// pattern's automaton or, for look-arounds and back-references, searches for an attack string.
import fs from 'node:fs';
import path from 'node:path';
import { check, type Diagnostics } from 'recheck';
import { parseSync } from 'vite';
import { describe, expect, it } from 'vitest';
import { accessFormat } from '../../electron/core/importers/formats/access.js';
import { DEFAULT_REDACTION_RULES } from '../../electron/core/privacy/redaction-rules.js';
import { TEXT_PATTERNS } from '../../electron/core/privacy/text-patterns.js';
import { detectionSample, testContext } from '../helpers/parse-format.js';
import { REPO_ROOT } from '../helpers/temp.js';

const CORE = path.join(REPO_ROOT, 'electron', 'core');

interface Found {
  source: string;
  flags: string;
  where: string;
}

/*
 * Every place in electron/core that builds a RegExp at run time, with how its patterns reach
 * this test. A new place fails the test until it is listed here and its patterns are checked.
 */
const BUILT_AT_RUN_TIME: Record<string, number> = {
  // Compiled from a log_format: captured below while every sample format reads good and bad lines.
  'importers/log-format/compile.ts': 3,
  'importers/log-format/strftime.ts': 1,
  // The key rules (DEFAULT_REDACTION_RULES, checked below); a user's own --redact pattern is compiled
  // once to validate it, and is the user's to keep linear.
  'privacy/redaction-rules.ts': 3,
  // A copy of the key rules without the g and y flags.
  'privacy/redact.ts': 1,
  // Built from parts; exported in TEXT_PATTERNS.
  'privacy/text-patterns.ts': 2,
};

type Node = { type?: string; start?: number; [k: string]: unknown };

function coreFiles(): string[] {
  return (fs.readdirSync(CORE, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** Regex literals, RegExp constructions and string patterns (`s.match('x')` builds a RegExp too), by file. */
function scan(): { literals: Found[]; built: Map<string, number>; stringPatterns: string[] } {
  const literals: Found[] = [];
  const built = new Map<string, number>();
  const stringPatterns: string[] = [];
  for (const file of coreFiles()) {
    const text = fs.readFileSync(path.join(CORE, file), 'utf8');
    const line = (at: number) => text.slice(0, at).split('\n').length;
    const parsed = parseSync(file, text, { lang: 'ts' });
    expect(parsed.errors, file).toEqual([]);
    const visit = (n: unknown): void => {
      if (Array.isArray(n)) return n.forEach(visit);
      if (n === null || typeof n !== 'object') return;
      const node = n as Node;
      const regex = node.regex as { pattern: string; flags: string } | undefined;
      if (node.type === 'Literal' && regex) literals.push({ source: regex.pattern, flags: regex.flags, where: `${file}:${line(node.start ?? 0)}` });
      const callee = node.callee as Node | undefined;
      if ((node.type === 'NewExpression' || node.type === 'CallExpression') && callee?.type === 'Identifier' && callee.name === 'RegExp') {
        built.set(file, (built.get(file) ?? 0) + 1);
      }
      const prop = (callee?.property as Node | undefined)?.name;
      const first = (node.arguments as Node[] | undefined)?.[0];
      if (node.type === 'CallExpression' && (prop === 'match' || prop === 'matchAll' || prop === 'search') && first?.type !== 'Literal') {
        if (first?.type === 'TemplateLiteral' || (first?.type === 'Literal' && typeof first.value === 'string')) {
          stringPatterns.push(`${file}:${line(node.start ?? 0)}`);
        }
      }
      for (const [k, v] of Object.entries(node)) if (k !== 'parent') visit(v);
    };
    visit(parsed.program);
  }
  return { literals, built, stringPatterns };
}

/** The patterns log_format compilation builds, from every sample format and lines it accepts and refuses. */
function logFormatPatterns(): Found[] {
  const found: Found[] = [];
  const Real = globalThis.RegExp;
  globalThis.RegExp = new Proxy(Real, {
    construct(target, args: [string | RegExp, string?], newTarget) {
      const re = Reflect.construct(target, args, newTarget) as RegExp;
      found.push({ source: re.source, flags: re.flags, where: 'compiled log_format' });
      return re;
    },
  });
  try {
    for (const sample of accessFormat.samples) {
      if (sample.options?.logFormat === undefined) continue;
      const parser = accessFormat.create(testContext(sample.options), detectionSample(sample.input));
      for (const text of sample.input.split('\n')) {
        parser.line(text, 1);
        // A refused line builds the diagnosis prefixes; a cut one the field spans.
        parser.line(`${text.slice(0, 24)}\u0001 x`, 1);
        parser.line(text.slice(0, Math.floor(text.length / 2)), 1);
      }
    }
  } finally {
    globalThis.RegExp = Real;
  }
  return found;
}

async function verdicts(patterns: Found[]): Promise<string[]> {
  const unique = new Map<string, Found>();
  for (const p of patterns) unique.set(`/${p.source}/${p.flags}`, p);
  const bad: string[] = [];
  for (const [shown, p] of unique) {
    // A generous limit: a busy machine must not turn a safe pattern into "unknown".
    const d: Diagnostics = await check(p.source, p.flags, { timeout: 120_000 });
    if (d.status === 'safe') continue;
    const why = d.status === 'vulnerable' ? `${d.complexity.summary}, e.g. ${d.attack.pattern}` : `not analysable: ${d.error.kind}`;
    bad.push(`${p.where} ${shown}: ${why}`);
  }
  return bad;
}

describe('regular expressions in electron/core run in linear time', () => {
  const { literals, built, stringPatterns } = scan();

  it('finds the patterns: regex literals in the source', () => {
    expect(literals.length).toBeGreaterThan(100);
    expect(literals.some((p) => p.where.startsWith('privacy/text-patterns.ts'))).toBe(true);
  });

  it('knows every place that builds a RegExp at run time, and builds none from a string pattern', () => {
    expect(Object.fromEntries([...built].sort())).toEqual(BUILT_AT_RUN_TIME);
    expect(stringPatterns).toEqual([]);
  });

  it('every regex literal is linear-time', async () => {
    expect(await verdicts(literals)).toEqual([]);
  }, 600_000);

  it('every redaction pattern is linear-time, the key rules included', async () => {
    const rules: Found[] = [...TEXT_PATTERNS, DEFAULT_REDACTION_RULES.keyPattern].map((re) => ({ source: re.source, flags: re.flags, where: 'redaction' }));
    expect(await verdicts(rules)).toEqual([]);
  }, 600_000);

  it('every pattern compiled from a log_format is linear-time', async () => {
    const compiled = logFormatPatterns();
    expect(compiled.length).toBeGreaterThan(10);
    expect(await verdicts(compiled)).toEqual([]);
  }, 600_000);

  it('the analyser tells: it finds the quadratic user-info pattern that froze the collector', async () => {
    const old = String.raw`([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:"'<>]*):([^\s/?#@"'<>]+)@`;
    const [why] = await verdicts([{ source: old, flags: 'gi', where: 'before the fix' }]);
    expect(why).toMatch(/2nd degree polynomial/);
  }, 600_000);
});
