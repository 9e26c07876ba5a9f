// The browser SDK bundle (scripts/build-sdk.mjs): one self-contained script under 8 KB gzipped
// that pages load with a plain <script> tag, so nothing in it may import or require.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface BuildResult {
  file: string;
  bytes: number;
  gzipBytes: number;
  inputs: string[];
}

describe('browser SDK bundle (scripts/build-sdk.mjs)', () => {
  let out: string;
  let result: BuildResult;
  let code: string;

  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'logbridge-sdk-bundle-'));
    const mod = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-sdk.mjs')).href)) as {
      buildSdk(opts: { outDir: string; logLevel?: string }): Promise<BuildResult>;
    };
    result = await mod.buildSdk({ outDir: out, logLevel: 'silent' });
    code = fs.readFileSync(result.file, 'utf8');
  }, 60_000);

  afterAll(() => {
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  it('writes logbridge.js into the given folder, under 8 KB gzipped', () => {
    expect(result.file).toBe(path.join(out, 'logbridge.js'));
    const gz = gzipSync(fs.readFileSync(result.file), { level: 9 }).length;
    expect(gz).toBe(result.gzipBytes);
    expect(gz).toBeLessThan(8 * 1024);
  });

  it('has no dependencies: only sdk/browser sources, and no import or require left in it', () => {
    expect(result.inputs.length).toBeGreaterThan(0);
    for (const input of result.inputs) expect(input).toMatch(/^sdk\/browser\/[\w-]+\.ts$/);
    expect(code).not.toMatch(/\bimport\s*\(|\bimport\s*[\w{*'"]|\brequire\s*\(|\bexport\s*[{*\w]/);
    expect(code).not.toMatch(/sourceMappingURL/);
  });

  it('is one minified IIFE that defines no globals and does nothing without a window', () => {
    expect(code.startsWith('(()=>{')).toBe(true);
    expect(code.split('\n').filter(Boolean)).toHaveLength(1);
    const context = vm.createContext({});
    vm.runInContext(code, context);
    expect(Object.keys(context)).toEqual([]);
  });

  it('exposes window.logbridge with init, track, identify, flush and sessionId once a window exists', () => {
    // The smallest window the SDK can start in: it must not need more to load without throwing.
    const listeners: string[] = [];
    const target = { addEventListener: (type: string) => listeners.push(type), removeEventListener: () => {} };
    const warnings: string[] = [];
    const storage = new Map<string, string>();
    const store = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v), removeItem: (k: string) => void storage.delete(k) };
    const win: Record<string, unknown> = {
      ...target,
      location: { href: 'http://localhost:3000/', pathname: '/' },
      history: { pushState: () => {}, replaceState: () => {} },
      document: { ...target, currentScript: null, referrer: '', title: 'T', visibilityState: 'visible' },
      navigator: {},
      localStorage: store,
      fetch: async () => ({ status: 200, headers: { get: () => null } }),
      console: { ...console, warn: (m: string) => warnings.push(m) },
      HTMLScriptElement: class {},
      Headers,
      Request,
      URL,
      Date,
      Math,
      JSON,
      Promise,
      setTimeout,
      clearTimeout,
    };
    win.window = win;
    const context = vm.createContext(win);
    vm.runInContext(code, context);
    expect(warnings).toEqual([]);
    const api = win.logbridge as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['flush', 'identify', 'init', 'sessionId', 'track', 'version']);
    const sid = (api.sessionId as () => string)();
    expect(sid).toMatch(/^[0-9a-f]{32}$/);
    // The first page view started the session in storage.
    expect(JSON.parse(storage.get('logbridge_session') ?? '{}')).toMatchObject({ id: sid });
    expect(listeners).toEqual(expect.arrayContaining(['click', 'submit', 'popstate', 'hashchange', 'error', 'unhandledrejection', 'visibilitychange', 'pagehide']));
  });
});
