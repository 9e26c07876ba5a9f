// The Electron shell without an Electron binary: main and preload bundle; the sandboxed preload
// exposes exactly `call` and `subscribe` and validates names against the contract; the shell's
// policies (navigation, external links, IPC senders, CSP, native binding path) hold; and the
// electron-builder config is valid against electron-builder's own schema.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, TOPIC_NAMES } from '../../shared/api.js';
import { META_CSP } from '../../shared/csp.js';
import {
  CONTENT_SECURITY_POLICY,
  ELECTRON_NATIVE_CACHE,
  NATIVE_BINDING_FILE,
  PACKAGED_NATIVE_DIR,
  collectorStatus,
  electronNativeBindingPath,
  externalHttpUrl,
  isAppPageUrl,
  summarizeImports,
} from '../../electron/shell/policy.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const importScript = (name: string) => import(pathToFileURL(path.join(ROOT, 'scripts', name)).href);

interface Metafile {
  inputs: Record<string, unknown>;
}

describe('bundles (scripts/build-electron.mjs)', () => {
  let out: string;
  let metas: { main: Metafile; preload: Metafile };

  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'logbridge-electron-bundle-'));
    const { buildElectron } = await importScript('build-electron.mjs');
    metas = await buildElectron({ outDir: out, sourcemap: false, logLevel: 'silent' });
  }, 60_000);

  afterAll(() => {
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  it('bundles main to CommonJS that loads only electron, better-sqlite3 and Node builtins', () => {
    const main = fs.readFileSync(path.join(out, 'main.cjs'), 'utf8');
    const required = new Set([...main.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!));
    const builtins = new Set(createRequire(import.meta.url)('node:module').builtinModules as string[]);
    const foreign = [...required].filter((r) => r !== 'electron' && r !== 'better-sqlite3' && !r.startsWith('node:') && !builtins.has(r));
    expect(foreign).toEqual([]);
    expect(required.has('electron')).toBe(true);
    expect(Object.keys(metas.main.inputs).some((p) => p.startsWith('electron/core/'))).toBe(true);
  });

  it('bundles the import parsing thread with no native module: it never touches the database', () => {
    const worker = fs.readFileSync(path.join(out, 'parse-worker.cjs'), 'utf8');
    const required = new Set([...worker.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!));
    const builtins = new Set(createRequire(import.meta.url)('node:module').builtinModules as string[]);
    expect([...required].filter((r) => !r.startsWith('node:') && !builtins.has(r))).toEqual([]);
    // Its writer thread loads only better-sqlite3 (given the Electron build's path by main.ts).
    const writer = fs.readFileSync(path.join(out, 'bulk-writer-worker.cjs'), 'utf8');
    const wants = new Set([...writer.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!));
    expect([...wants].filter((r) => r !== 'better-sqlite3' && !r.startsWith('node:') && !builtins.has(r))).toEqual([]);
  });

  it('keeps the preload tiny: the contract names inlined, no core, no zod, no schemas', () => {
    const inputs = Object.keys(metas.preload.inputs);
    // shared/ipc.ts (the channel names, importing nothing) is the one file of shared/ it carries.
    const allowed = (p: string) => p === 'shared/ipc.ts';
    expect(inputs.filter((p) => !allowed(p) && (p.startsWith('electron/core/') || p.includes('node_modules/') || p.startsWith('shared/')))).toEqual([]);
    expect(fs.statSync(path.join(out, 'preload.cjs')).size).toBeLessThan(20_000);
  });

  describe('the preload, run as Electron runs it (sandboxed: only require("electron"))', () => {
    const exposed = new Map<string, Record<string, unknown>>();
    const invokes: unknown[][] = [];
    const listeners = new Map<string, Set<(...args: unknown[]) => void>>();

    beforeAll(() => {
      const fakeElectron = {
        contextBridge: {
          exposeInMainWorld(key: string, api: Record<string, unknown>) {
            exposed.set(key, api);
          },
        },
        ipcRenderer: {
          invoke(...args: unknown[]) {
            invokes.push(args);
            return Promise.resolve({ ok: true, value: 'answered' });
          },
          on(channel: string, fn: (...args: unknown[]) => void) {
            if (!listeners.has(channel)) listeners.set(channel, new Set());
            listeners.get(channel)!.add(fn);
          },
          removeListener(channel: string, fn: (...args: unknown[]) => void) {
            listeners.get(channel)?.delete(fn);
          },
        },
      };
      const code = fs.readFileSync(path.join(out, 'preload.cjs'), 'utf8');
      const sandboxRequire = (id: string) => {
        if (id === 'electron') return fakeElectron;
        throw new Error(`the sandboxed preload required ${id}`);
      };
      const module = { exports: {} };
      vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console });
    });

    const bridge = () => exposed.get('logbridge') as {
      call(name: unknown, input: unknown): Promise<unknown>;
      subscribe(topic: unknown, fn: unknown): () => void;
    };

    it('exposes one global, logbridge, with exactly call and subscribe', () => {
      expect([...exposed.keys()]).toEqual(['logbridge']);
      expect(Object.keys(exposed.get('logbridge')!).sort()).toEqual(['call', 'subscribe']);
    });

    it('sends contract calls over the one call channel', async () => {
      for (const name of CALL_NAMES) {
        await expect(bridge().call(name, { x: 1 })).resolves.toEqual({ ok: true, value: 'answered' });
      }
      expect(invokes).toEqual(CALL_NAMES.map((name) => ['logbridge:call', name, { x: 1 }]));
    });

    it('answers unknown calls itself, with the contract error shape, sending nothing', async () => {
      invokes.length = 0;
      for (const bad of ['fs.readFile', '__proto__', 42, null, 'app.info '.repeat(100)]) {
        const res = (await bridge().call(bad, {})) as { ok: boolean; code: string; message: string };
        expect(res.ok).toBe(false);
        expect(res.code).toBe('UNKNOWN_CALL');
        expect(res.message.length).toBeLessThan(200);
      }
      expect(invokes).toEqual([]);
    });

    it('delivers only its topic, only the payload, and unsubscribes', () => {
      const topic = TOPIC_NAMES[0]!;
      const got: unknown[][] = [];
      const off = bridge().subscribe(topic, (...args: unknown[]) => got.push(args));
      const chan = listeners.get('logbridge:topic')!;
      expect(chan.size).toBe(1);
      const fakeEvent = { sender: 'ipcRenderer must not leak' };
      for (const fn of chan) {
        fn(fakeEvent, topic, { count: 2 });
        fn(fakeEvent, 'other.topic', { count: 1 });
      }
      expect(got).toEqual([[{ count: 2 }]]);
      off();
      off();
      expect(chan.size).toBe(0);
    });

    it('refuses unknown topics and non-function listeners', () => {
      expect(() => bridge().subscribe('secrets', () => {})).toThrow(/Unknown topic/);
      expect(() => bridge().subscribe(TOPIC_NAMES[0], 'not a function')).toThrow(/function/);
      expect(listeners.get('logbridge:topic')?.size ?? 0).toBe(0);
    });
  });
});

describe('shell policy (electron/shell/policy.ts)', () => {
  const index = path.join(ROOT, 'dist', 'renderer', 'index.html');
  const indexUrl = pathToFileURL(index).href;

  it('recognises only our own app:// index page as the app; file:// never', () => {
    expect(isAppPageUrl('app://logbridge/index.html')).toBe(true);
    expect(isAppPageUrl('app://logbridge/index.html#/events?q=status%3E%3D500')).toBe(true);
    expect(isAppPageUrl('app://logbridge/index.html?x=1')).toBe(true);
    expect(isAppPageUrl('app://logbridge/assets/../index.html')).toBe(true);
    // What the desktop app loaded before app://, and everything else, is refused.
    expect(isAppPageUrl(indexUrl)).toBe(false);
    expect(isAppPageUrl('file:///etc/passwd')).toBe(false);
    for (const bad of [
      'app://logbridge/other.html',
      'app://logbridge/assets/index.js',
      'app://logbridge/index%2Ehtml',
      'app://other/index.html',
      'app://logbridge.evil/index.html',
      'app://logbridge:8080/index.html',
      'app://user:pw@logbridge/index.html',
      'app:/index.html',
      'https://logbridge/index.html',
      'http://127.0.0.1:4318/index.html',
      'logbridge://logbridge/index.html',
      'not a url',
      '',
      null,
      undefined,
    ]) {
      expect(isAppPageUrl(bad), String(bad)).toBe(false);
    }
  });

  it('lets only credential-free http(s) URLs out to the browser', () => {
    expect(externalHttpUrl('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(externalHttpUrl('http://localhost:3000/')).toBe('http://localhost:3000/');
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'smb://host/share', 'https://user:pw@example.com/', 'ms-settings:', '//example.com', 'nonsense']) {
      expect(externalHttpUrl(bad)).toBeNull();
    }
  });

  it('has a strict CSP: no eval, no inline script or style, no framing', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values] as const;
    }));
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(eval|inline)|\*/);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
  });

  it('the renderer <meta> CSP is the shared one, and headers add only frame-ancestors', () => {
    const html = fs.readFileSync(path.join(ROOT, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(META_CSP);
    expect(CONTENT_SECURITY_POLICY).toBe(`${META_CSP}; frame-ancestors 'none'`);
  });

  it('loads the Electron build of better-sqlite3, never the Node build in node_modules/better-sqlite3', () => {
    const dev = electronNativeBindingPath({ isPackaged: false, resourcesPath: '/unused', appPath: ROOT, electronVersion: '45.4.1' });
    expect(dev).toBe(path.join(ROOT, ELECTRON_NATIVE_CACHE, '45.4.1', NATIVE_BINDING_FILE));
    const packaged = electronNativeBindingPath({ isPackaged: true, resourcesPath: '/opt/Logbridge/resources', appPath: '/x', electronVersion: '45.4.1' });
    expect(packaged).toBe(path.join('/opt/Logbridge/resources', PACKAGED_NATIVE_DIR, NATIVE_BINDING_FILE));
    expect(dev).not.toContain(path.join('better-sqlite3', 'build'));
  });

  it('agrees with scripts/electron-native.mjs on where that build lives', async () => {
    const native = await importScript('electron-native.mjs');
    expect(native.ELECTRON_NATIVE_CACHE).toBe(ELECTRON_NATIVE_CACHE);
    expect(native.NATIVE_BINDING_FILE).toBe(NATIVE_BINDING_FILE);
    expect(native.nativeBindingPath(ROOT, '45.4.1')).toBe(path.join(ROOT, ELECTRON_NATIVE_CACHE, '45.4.1', NATIVE_BINDING_FILE));
  });

  const SUMMARY = { job_id: 'j1', state: 'done', resumed_from: 0, bytes: 0, lines: 0 } as const;

  it('summarises an import in one title line plus one line per file', () => {
    const s = summarizeImports([
      { path: '/logs/access.log', summary: { ...SUMMARY, source_id: 1, name: 'access.log', format: 'access', imported: 1200, skipped: 3, truncated: 0, errors: [], elapsed_ms: 5 } },
      { path: '/logs/broken.bin', error: 'Unknown format.' },
    ]);
    expect(s.title).toBe('Imported 1,200 events, skipped 3 lines from 2 files; 1 file failed');
    expect(s.detail.split('\n')).toEqual(['access.log: 1,200 events imported, 3 lines skipped (access)', 'broken.bin: not imported: Unknown format.']);
    expect(s.failed).toBe(true);
    const one = summarizeImports([{ path: 'a.log', summary: { ...SUMMARY, source_id: 1, name: 'a.log', format: 'access', imported: 1, skipped: 0, truncated: 0, errors: [], elapsed_ms: 1 } }]);
    expect(one).toMatchObject({ title: 'Imported 1 event, skipped 0 lines', failed: false });
  });

  it('says where the collector listens, and why when it is not the usual port', () => {
    expect(collectorStatus({ url: 'http://127.0.0.1:4318', port: 4318, preferredPort: 4318 })).toBe('Collector listening on http://127.0.0.1:4318');
    expect(collectorStatus({ url: 'http://127.0.0.1:40123', port: 40123, preferredPort: 4318, fallbackReason: 'in use' })).toMatch(
      /^Port 4318 is in use, so the collector listens on http:\/\/127\.0\.0\.1:40123 instead/,
    );
    expect(collectorStatus({ url: 'http://127.0.0.1:40123', port: 40123, preferredPort: 0 })).toBe('Collector listening on http://127.0.0.1:40123');
    expect(collectorStatus({ error: 'boom', preferredPort: 4318 })).toMatch(/could not start \(boom\)/);
  });
});

describe('packaging (build/electron-builder.yml)', () => {
  const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
  const libRequire = createRequire(builderRequire.resolve('app-builder-lib/package.json'));
  const yaml = libRequire('js-yaml') as { load(text: string): unknown };
  const configFile = path.join(ROOT, 'build', 'electron-builder.yml');
  const config = yaml.load(fs.readFileSync(configFile, 'utf8')) as Record<string, any>;

  it("is valid against electron-builder's own schema", async () => {
    const { validateConfiguration } = libRequire('./out/util/config/config.js') as {
      validateConfiguration(c: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = libRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('names the app and builds AppImage + deb, dmg and nsis', () => {
    expect(config.appId).toBe('dev.logbridge.app');
    expect(config.productName).toBe('Logbridge');
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.mac.target).toEqual(expect.arrayContaining(['dmg']));
    expect(config.win.target).toEqual(expect.arrayContaining(['nsis']));
    expect(config.linux.category).toBeTruthy();
    expect(config.mac.category).toMatch(/^public\.app-category\./);
  });

  it('never rebuilds node_modules in place, and ships the Electron-ABI SQLite build instead', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    const electronVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
    expect(config.extraResources).toContainEqual({
      from: `${ELECTRON_NATIVE_CACHE}/${electronVersion}/${NATIVE_BINDING_FILE}`,
      to: `${PACKAGED_NATIVE_DIR}/${NATIVE_BINDING_FILE}`,
    });
  });

  it('packs only the built app: dist and package.json, no sources or tests', () => {
    const files = config.files as string[];
    expect(files).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
    for (const f of files.filter((p) => !p.startsWith('!'))) {
      expect(f).toMatch(/^(dist\/|package\.json$|node_modules\/better-sqlite3\/)/);
    }
  });

  it('has a 512x512 PNG icon', () => {
    const icon = path.join(ROOT, config.icon as string);
    const png = fs.readFileSync(icon);
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });
});
