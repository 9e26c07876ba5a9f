// A smoke test of the real main-process bundle (dist/electron/main.cjs as built by
// scripts/build-electron.mjs) with a fake 'electron' module standing in for the binary we
// cannot download here. It runs the whole wiring under Node: store, service, collector (with
// the port-taken fallback), the app:// scheme the UI loads from, IPC sender checks, navigation
// and window.open policy, CSP header, permissions, File > Open… import with its summary, live
// topic forwarding, and shutdown.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFakeElectron, prevented, waitFor } from '../helpers/fake-electron.js';
import { APP_INDEX_URL } from '../../electron/shell/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FAKE_ELECTRON_VERSION = '0.0.0-fake';

describe('electron/main.ts with a fake Electron', () => {
  let tmp: string;
  let blocker: net.Server;
  let blockedPort: number;
  let fake: ReturnType<typeof makeFakeElectron>;
  const savedEnv = { db: process.env.LOGBRIDGE_DB, port: process.env.LOGBRIDGE_COLLECTOR_PORT };
  let fileIndexUrl: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'logbridge-electron-main-'));
    const { buildElectron } = await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-electron.mjs')).href);
    await buildElectron({ outDir: path.join(tmp, 'dist', 'electron'), sourcemap: false, logLevel: 'silent' });

    // The app folder main.ts expects: the renderer, the Electron-ABI binding (here the Node
    // build, since Node runs this), better-sqlite3, and 'electron' resolving to the fake.
    fs.mkdirSync(path.join(tmp, 'dist', 'renderer'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'dist', 'renderer', 'index.html'), '<!doctype html><title>stub</title>');
    fs.mkdirSync(path.join(tmp, 'dist', 'renderer', 'assets'));
    fs.writeFileSync(path.join(tmp, 'dist', 'renderer', 'assets', 'index-abc.js'), 'export {};\n');
    // What ..%2f from the renderer folder would reach.
    fs.writeFileSync(path.join(tmp, 'dist', 'secret.txt'), 'outside the renderer folder');
    // Where the page used to be loaded from: no longer ours.
    fileIndexUrl = pathToFileURL(path.join(tmp, 'dist', 'renderer', 'index.html')).href;
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
  const trusted = () => ({ senderFrame: { url: `${APP_INDEX_URL}#/`, parent: null } });

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
    expect(win().loaded).toBe('app://logbridge/index.html');
    expect(fake.app.listenerCount('second-instance')).toBe(1);
  });

  it('gives app:// its privileges before ready (the fake throws after) and serves it once ready', () => {
    expect(fake.rec.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect([...fake.rec.protocolHandlers.keys()]).toEqual(['app']);
  });

  it('answers app:// from the built renderer folder only, with the CSP header', async () => {
    const get = (url: string) => fake.rec.protocolHandlers.get('app')!(new Request(url));
    const page = await get(APP_INDEX_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toBe('<!doctype html><title>stub</title>');
    const script = await get('app://logbridge/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const bad of ['app://logbridge/..%2fsecret.txt', 'app://logbridge/%2e%2e/secret.txt', 'app://other/index.html', 'app://logbridge/missing.js']) {
      const res = await get(bad);
      expect(res.status, bad).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain('outside');
    }
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
      { senderFrame: { url: fileIndexUrl, parent: null } },
      { senderFrame: { url: 'app://other/index.html', parent: null } },
      { senderFrame: { url: APP_INDEX_URL, parent: {} } },
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
    const own = prevented({ url: `${APP_INDEX_URL}#/sessions` });
    wc.emit('will-navigate', own);
    expect(own.defaultPrevented).toBe(false);
    const oldHome = prevented({ url: fileIndexUrl });
    wc.emit('will-navigate', oldHome);
    expect(oldHome.defaultPrevented).toBe(true);

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

    fake.rec.boxResponse = 1; // "Cancel"
    expect(handler({ url: 'https://example.com/x' })).toEqual({ action: 'deny' });
    await waitFor(() => fake.rec.boxes.length === 1, 'the question');
    fake.rec.boxResponse = 0; // "Open"
    expect(handler({ url: 'https://example.com/y' })).toEqual({ action: 'deny' });
    await waitFor(() => fake.rec.opened.length === 1, 'openExternal');
    // Questions and openings come in order, so whatever the first calls would have done late has
    // happened by now: no question for the other schemes, nothing opened after "Cancel".
    expect(fake.rec.boxes).toHaveLength(2);
    expect(fake.rec.boxes.map((b) => String(b.detail ?? b.message))).toEqual([expect.stringContaining('example.com/x'), expect.stringContaining('example.com/y')]);
    expect(fake.rec.opened).toEqual(['https://example.com/y']);
  });

  it('sets our CSP on responses and grants no permissions', () => {
    let result: any;
    fake.rec.headersListener!({ url: APP_INDEX_URL, responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, (r: unknown) => (result = r));
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
    // The file read joins the system's recent documents; the one that failed does not.
    expect(fake.rec.recentDocuments).toEqual([good]);

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
