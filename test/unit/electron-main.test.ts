// A smoke test of the real main-process bundle (dist/electron/main.cjs as built by
// scripts/build-electron.mjs) with a fake 'electron' module standing in for the binary we
// cannot download here. It runs the whole wiring under Node: store, service, collector (with
// the port-taken fallback), IPC sender checks, navigation and window.open policy, CSP header,
// permissions, File > Open… import with its summary, live topic forwarding, and shutdown.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FAKE_ELECTRON_VERSION = '0.0.0-fake';

type Listener = (...args: any[]) => any;
interface Prevented {
  defaultPrevented: boolean;
  preventDefault(): void;
}
const prevented = (extra: Record<string, unknown> = {}): Prevented & Record<string, unknown> => ({
  ...extra,
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
});

async function waitFor(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function makeFakeElectron(appRoot: string) {
  const rec = {
    errors: [] as [string, string][],
    notifications: [] as { title: string; body: string }[],
    boxes: [] as Record<string, any>[],
    opened: [] as string[],
    sent: [] as unknown[][],
    progress: [] as number[],
    ipc: new Map<string, Listener>(),
    headersListener: null as Listener | null,
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    menu: null as { template: any[] } | null,
    quitDone: false,
    exitCode: null as number | null,
    boxResponse: 1,
    openDialogResult: { canceled: true, filePaths: [] as string[] },
  };

  class FakeWebContents extends EventEmitter {
    windowOpenHandler: Listener | null = null;
    setWindowOpenHandler(h: Listener) {
      this.windowOpenHandler = h;
    }
    send(...args: unknown[]) {
      rec.sent.push(args);
    }
  }

  const app = new (class extends EventEmitter {
    isPackaged = false;
    name = '';
    getAppPath() {
      return appRoot;
    }
    getVersion() {
      return '9.9.9-test';
    }
    setName(n: string) {
      this.name = n;
    }
    setAppUserModelId() {}
    requestSingleInstanceLock() {
      return true;
    }
    whenReady() {
      return Promise.resolve();
    }
    quit() {
      const before = prevented();
      this.emit('before-quit', before);
      if (before.defaultPrevented) return;
      const will = prevented();
      this.emit('will-quit', will);
      if (!will.defaultPrevented) rec.quitDone = true;
    }
    exit(code: number) {
      rec.exitCode = code;
    }
  })();

  class BrowserWindow extends EventEmitter {
    static all: BrowserWindow[] = [];
    static getAllWindows() {
      return [...BrowserWindow.all];
    }
    static fromWebContents(wc: unknown) {
      return BrowserWindow.all.find((w) => w.webContents === wc) ?? null;
    }
    webContents = new FakeWebContents();
    loaded: string | null = null;
    constructor(public options: Record<string, any>) {
      super();
      BrowserWindow.all.push(this);
      app.emit('web-contents-created', prevented(), this.webContents);
    }
    loadFile(p: string) {
      this.loaded = p;
      setImmediate(() => this.emit('ready-to-show'));
      return Promise.resolve();
    }
    show() {}
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    isFocused() {
      return false;
    }
    isDestroyed() {
      return false;
    }
    setProgressBar(v: number) {
      rec.progress.push(v);
    }
  }

  const electron = {
    app,
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: Listener) => rec.ipc.set(channel, fn) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Listener) => (rec.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Listener) => (rec.permissionCheck = fn),
        webRequest: { onHeadersReceived: (fn: Listener) => (rec.headersListener = fn) },
      },
    },
    Menu: {
      buildFromTemplate: (template: any[]) => ({ template }),
      setApplicationMenu: (menu: { template: any[] }) => (rec.menu = menu),
    },
    dialog: {
      showErrorBox: (title: string, content: string) => rec.errors.push([title, content]),
      showMessageBox: (a: any, b?: any) => {
        rec.boxes.push(b ?? a);
        return Promise.resolve({ response: rec.boxResponse, checkboxChecked: false });
      },
      showOpenDialog: () => Promise.resolve(rec.openDialogResult),
    },
    Notification: class {
      static isSupported() {
        return true;
      }
      constructor(private opts: { title: string; body: string }) {}
      show() {
        rec.notifications.push(this.opts);
      }
    },
    shell: {
      openExternal: (url: string) => {
        rec.opened.push(url);
        return Promise.resolve();
      },
    },
  };
  return { electron, rec, app, BrowserWindow };
}

describe('electron/main.ts with a fake Electron', () => {
  let tmp: string;
  let blocker: net.Server;
  let blockedPort: number;
  let fake: ReturnType<typeof makeFakeElectron>;
  const savedEnv = { db: process.env.LOGBRIDGE_DB, port: process.env.LOGBRIDGE_COLLECTOR_PORT };
  let indexUrl: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'logbridge-electron-main-'));
    const { buildElectron } = await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-electron.mjs')).href);
    await buildElectron({ outDir: path.join(tmp, 'dist', 'electron'), sourcemap: false, logLevel: 'silent' });

    // The app folder main.ts expects: the renderer, the Electron-ABI binding (here the Node
    // build, since Node runs this), better-sqlite3, and 'electron' resolving to the fake.
    fs.mkdirSync(path.join(tmp, 'dist', 'renderer'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'dist', 'renderer', 'index.html'), '<!doctype html><title>stub</title>');
    indexUrl = pathToFileURL(path.join(tmp, 'dist', 'renderer', 'index.html')).href;
    const nm = path.join(tmp, 'node_modules');
    const nativeDir = path.join(nm, '.cache', 'logbridge', 'electron-native', FAKE_ELECTRON_VERSION);
    fs.mkdirSync(nativeDir, { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), path.join(nativeDir, 'better_sqlite3.node'));
    fs.symlinkSync(path.join(ROOT, 'node_modules', 'better-sqlite3'), path.join(nm, 'better-sqlite3'), 'dir');
    fs.mkdirSync(path.join(nm, 'electron'));
    fs.writeFileSync(path.join(nm, 'electron', 'index.js'), 'module.exports = globalThis.__logbridgeFakeElectron;\n');

    // Take a port so the collector has to fall back to another one.
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    blockedPort = (blocker.address() as net.AddressInfo).port;

    process.env.LOGBRIDGE_DB = path.join(tmp, 'data', 'logbridge.db');
    process.env.LOGBRIDGE_COLLECTOR_PORT = String(blockedPort);
    Object.defineProperty(process.versions, 'electron', { value: FAKE_ELECTRON_VERSION, configurable: true, writable: true });
    fake = makeFakeElectron(tmp);
    (globalThis as any).__logbridgeFakeElectron = fake.electron;

    createRequire(import.meta.url)(path.join(tmp, 'dist', 'electron', 'main.cjs'));
    await waitFor(() => fake.BrowserWindow.all.length === 1 || fake.rec.errors.length > 0 || fake.rec.exitCode !== null, 'the window');
    if (fake.rec.errors.length) throw new Error(`main.ts failed: ${fake.rec.errors.map((e) => e.join(': ')).join('; ')}`);
  }, 60_000);

  afterAll(async () => {
    if (fake && !fake.rec.quitDone) {
      fake.app.quit();
      await waitFor(() => fake.rec.quitDone, 'shutdown').catch(() => {});
    }
    await new Promise((r) => blocker?.close(r));
    delete (globalThis as any).__logbridgeFakeElectron;
    delete (process.versions as Record<string, string>).electron;
    for (const [key, value] of [['LOGBRIDGE_DB', savedEnv.db], ['LOGBRIDGE_COLLECTOR_PORT', savedEnv.port]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const win = () => fake.BrowserWindow.all[0]!;
  const call = (event: unknown, name: unknown, input: unknown) => fake.rec.ipc.get('logbridge:call')!(event, name, input);
  const trusted = () => ({ senderFrame: { url: `${indexUrl}#/`, parent: null } });

  it('names the app before taking the single-instance lock, and opens one hardened window on our page', () => {
    expect(fake.app.name).toBe('Logbridge');
    expect(fake.rec.exitCode).toBeNull();
    expect(win().options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: path.join(tmp, 'dist', 'electron', 'preload.cjs'),
    });
    expect(win().loaded).toBe(path.join(tmp, 'dist', 'renderer', 'index.html'));
    expect(fake.app.listenerCount('second-instance')).toBe(1);
  });

  it('falls back to a free port when the collector port is taken, and says so', async () => {
    const res = await call(trusted(), 'app.info', {});
    expect(res.ok).toBe(true);
    expect(res.value.version).toBe('9.9.9-test');
    expect(res.value.dbPath).toBe(process.env.LOGBRIDGE_DB);
    const url = new URL(res.value.collectorUrl);
    expect(url.hostname).toBe('127.0.0.1');
    expect(Number(url.port)).not.toBe(blockedPort);
    expect(fake.rec.notifications.map((n) => n.body).join('\n')).toContain(`Port ${blockedPort} is in use, so the collector listens on ${res.value.collectorUrl}`);
    const answer = await fetch(res.value.collectorUrl);
    expect(answer.status).toBeGreaterThanOrEqual(200);
  });

  it('answers IPC only from the top frame of our own page', async () => {
    const refused = [
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: 'file:///etc/passwd', parent: null } },
      { senderFrame: { url: indexUrl, parent: {} } },
      { senderFrame: null },
    ];
    for (const event of refused) {
      const res = await call(event, 'app.info', {});
      expect(res.ok).toBe(false);
      expect(res.value).toBeUndefined();
    }
    expect((await call(trusted(), 'no.such.call', {})).code).toBe('UNKNOWN_CALL');
  });

  it('blocks navigation away from our page; http(s) goes to the browser only after asking', async () => {
    const wc = win().webContents;
    const own = prevented({ url: `${indexUrl}#/sessions` });
    wc.emit('will-navigate', own);
    expect(own.defaultPrevented).toBe(false);

    fake.rec.boxes.length = 0;
    const local = prevented({ url: 'file:///etc/passwd' });
    wc.emit('will-navigate', local);
    expect(local.defaultPrevented).toBe(true);

    fake.rec.boxResponse = 0; // "Open in Browser"
    const web = prevented({ url: 'https://example.com/docs' });
    wc.emit('will-navigate', web);
    expect(web.defaultPrevented).toBe(true);
    await waitFor(() => fake.rec.opened.length === 1, 'openExternal');
    expect(fake.rec.opened).toEqual(['https://example.com/docs']);
    expect(fake.rec.boxes).toHaveLength(1);
    expect(fake.rec.boxes[0]!.detail).toBe('https://example.com/docs');

    const redirect = prevented({ url: 'https://evil.example/' });
    wc.emit('will-redirect', redirect);
    expect(redirect.defaultPrevented).toBe(true);
    const webview = prevented();
    wc.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('denies every window.open; asks before opening http(s), never for other schemes', async () => {
    const handler = win().webContents.windowOpenHandler!;
    fake.rec.boxes.length = 0;
    fake.rec.opened.length = 0;
    expect(handler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.rec.boxes).toHaveLength(0);

    fake.rec.boxResponse = 1; // "Cancel"
    expect(handler({ url: 'https://example.com/x' })).toEqual({ action: 'deny' });
    await waitFor(() => fake.rec.boxes.length === 1, 'the question');
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.rec.opened).toEqual([]);
  });

  it('sets our CSP on responses and grants no permissions', () => {
    let result: any;
    fake.rec.headersListener!({ url: indexUrl, responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, (r: unknown) => (result = r));
    expect(result.responseHeaders['X-Other']).toEqual(['1']);
    expect(result.responseHeaders['content-security-policy']).toBeUndefined();
    expect(result.responseHeaders['Content-Security-Policy'][0]).toMatch(/script-src 'self'/);
    let granted: boolean | undefined;
    fake.rec.permissionRequest!(win().webContents, 'media', (g: boolean) => (granted = g));
    expect(granted).toBe(false);
    expect(fake.rec.permissionCheck!(win().webContents, 'clipboard-read')).toBe(false);
  });

  it('has File > Open… (CmdOrCtrl+O) and Quit (CmdOrCtrl+Q), plus Edit and View menus', () => {
    const template = fake.rec.menu!.template;
    const file = template.find((m) => m.label === '&File');
    const open = file.submenu.find((i: any) => i.label === 'Open…');
    expect(open.accelerator).toBe('CmdOrCtrl+O');
    if (process.platform !== 'darwin') expect(file.submenu.find((i: any) => i.role === 'quit').accelerator).toBe('CmdOrCtrl+Q');
    expect(template.some((m) => m.role === 'editMenu')).toBe(true);
    expect(template.some((m) => m.label === '&View')).toBe(true);
  });

  it('imports the files picked in File > Open…, reports counts, and forwards the live topic', async () => {
    const good = path.join(tmp, 'access.log');
    fs.writeFileSync(
      good,
      [
        '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"',
        '83.149.9.216 - - [17/May/2015:10:05:43 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-dashboard3.png HTTP/1.1" 200 171717 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"',
        '',
      ].join('\n'),
    );
    const missing = path.join(tmp, 'missing.log');
    fake.rec.openDialogResult = { canceled: false, filePaths: [good, missing] };
    fake.rec.boxes.length = 0;
    fake.rec.sent.length = 0;
    const file = fake.rec.menu!.template.find((m) => m.label === '&File');
    file.submenu.find((i: any) => i.label === 'Open…').click();

    await waitFor(() => fake.rec.boxes.some((b) => /^Imported/.test(b.message)), 'the import summary');
    const box = fake.rec.boxes.find((b) => /^Imported/.test(b.message))!;
    expect(box.message).toMatch(/^Imported 2 events, skipped \d+ lines? from 2 files; 1 file failed$/);
    expect(box.type).toBe('warning');
    expect(box.detail).toMatch(/^access\.log: 2 events imported/m);
    expect(box.detail).toMatch(/^missing\.log: not imported: /m);
    expect(fake.rec.progress.at(-1)).toBe(-1);

    const topics = fake.rec.sent.filter((s) => s[0] === 'logbridge:topic');
    const added = topics.filter((t) => t[1] === 'events.added');
    expect(added.reduce((n, t) => n + (t[2] as { count: number }).count, 0)).toBe(2);
    // Progress reaches the window too, and the taskbar bar moved before it was cleared.
    expect(topics.some((t) => t[1] === 'import.progress' && (t[2] as { state: string }).state === 'done')).toBe(true);
    expect(fake.rec.progress.some((p) => p > 0 && p < 1)).toBe(true);

    const search = await call(trusted(), 'events.search', { query: '' });
    expect(search.ok).toBe(true);
    expect(search.value.total).toBe(2);
  });

  it('closes the collector and the store on quit', async () => {
    const info = await call(trusted(), 'app.info', {});
    fake.app.quit();
    await waitFor(() => fake.rec.quitDone, 'shutdown');
    await expect(fetch(info.value.collectorUrl)).rejects.toThrow();
    // The database is closed and consistent: another connection can open it and read the events.
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const db = new Database(process.env.LOGBRIDGE_DB, { readonly: true });
    try {
      expect((db.prepare('select count(*) as n from events').get() as { n: number }).n).toBe(2);
    } finally {
      db.close();
    }
  });
});
