// Electron's main process: window, menu, dialogs, notifications, and the wiring of core + IPC.
// Every behaviour lives in electron/core (plain Node); this file only connects it to Electron.
// Bundled to dist/electron/main.cjs by scripts/build-electron.mjs; run with `npm start`.
import fs from 'node:fs';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  Notification,
  Menu,
  dialog,
  ipcMain,
  protocol,
  session,
  shell,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
  type WebContents,
} from 'electron';
import { openCore, type Core } from './core/compose.js';
import type { Service } from './core/service.js';
import { DEFAULT_RETENTION_DAYS } from './core/privacy/retention.js';
import { registerIpc, forwardTopics } from './core/rpc/ipc-adapter.js';
import { IPC_CHANNELS } from '../shared/ipc.js';
import { TABLE_SORT_FIELDS } from '../shared/sort.js';
import { startServer } from './core/http/server.js';
import { defaultDbPath } from './core/paths.js';
import { buildMenu } from './shell/menu.js';
import { PortSchema } from './cli/args.js';
import {
  CONTENT_SECURITY_POLICY,
  clip,
  collectorStatus,
  electronNativeBindingPath,
  externalHttpUrl,
  isAppPageUrl,
  summarizeImports,
  type ImportOutcome,
} from './shell/policy.js';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, handleAppRequest } from './shell/app-protocol.js';

const COLLECTOR_HOST = '127.0.0.1';
/** The collector's port: 4318 (OTLP/HTTP's), or $LOGBRIDGE_COLLECTOR_PORT. */
const COLLECTOR_PORT = collectorPortFromEnv(process.env.LOGBRIDGE_COLLECTOR_PORT);
const SHUTDOWN_TIMEOUT_MS = 3_000;

type RunningServer = Awaited<ReturnType<typeof startServer>>;

const appRoot = app.getAppPath();
const rendererDir = path.join(appRoot, 'dist', 'renderer');
const indexPath = path.join(rendererDir, 'index.html');
const preloadPath = path.join(appRoot, 'dist', 'electron', 'preload.cjs');
const sdkPath = path.join(appRoot, 'dist', 'sdk', 'logbridge.js');
const isDev = !app.isPackaged;

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;
let server: RunningServer | null = null;
let stopTopics: (() => void) | null = null;
let importing = false;
let askingExternal = false;

function collectorPortFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 4318;
  const parsed = PortSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  process.stderr.write(`logbridge: ignoring LOGBRIDGE_COLLECTOR_PORT=${JSON.stringify(value)}: not a port number; using 4318.\n`);
  return 4318;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A failure we cannot run without: say it in a native box, then leave. */
function fatal(title: string, err: unknown): void {
  const message = errorMessage(err);
  process.stderr.write(`logbridge: ${title}: ${message}\n`);
  dialog.showErrorBox(title, message);
  const closing = core?.close().catch(() => undefined) ?? Promise.resolve();
  core = null;
  void closing.finally(() => app.exit(1));
}

function notify(title: string, body: string): void {
  process.stderr.write(`logbridge: ${title}: ${body}\n`);
  if (Notification.isSupported()) new Notification({ title, body }).show();
  else if (mainWindow) void dialog.showMessageBox(mainWindow, { type: 'info', message: title, detail: body });
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** IPC is answered only for the top frame of our own app:// page. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppPageUrl(frame.url);
}

/** http(s) links leave the app only after the user says so; everything else is dropped. */
async function offerExternal(contents: WebContents, url: string): Promise<void> {
  const target = externalHttpUrl(url);
  if (!target || askingExternal) return;
  askingExternal = true;
  try {
    const parent = BrowserWindow.fromWebContents(contents) ?? mainWindow;
    const options = {
      type: 'question' as const,
      buttons: ['Open in Browser', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'Open this link in your browser?',
      detail: clip(target),
    };
    const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    if (response === 0) await shell.openExternal(target);
  } catch (err) {
    process.stderr.write(`logbridge: could not open ${clip(target)}: ${errorMessage(err)}\n`);
  } finally {
    askingExternal = false;
  }
}

/** Applied to every webContents: no navigation away from our page, no new windows, no webviews. */
function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (isAppPageUrl(event.url)) return;
    event.preventDefault();
    void offerExternal(contents, event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isAppPageUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void offerExternal(contents, url);
    return { action: 'deny' };
  });
}

function hardenSession(): void {
  // The window's only source of pages: files of the built renderer, each answered with our CSP.
  protocol.handle(APP_SCHEME, (request) => handleAppRequest(rendererDir, request));
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // app:// answers carry the CSP themselves; this puts it on any other response the session gets.
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
}

async function startCollector(svc: Service): Promise<string> {
  const start = (port: number) =>
    startServer({ service: svc, host: COLLECTOR_HOST, port, uiDir: null, collector: { sdkFile: sdkPath } });
  let fallbackReason: string | undefined;
  try {
    server = await start(COLLECTOR_PORT);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (COLLECTOR_PORT === 0 || (code !== 'EADDRINUSE' && code !== 'EACCES')) {
      svc.setCollectorUrl(null);
      return collectorStatus({ error: errorMessage(err), preferredPort: COLLECTOR_PORT });
    }
    fallbackReason = code === 'EADDRINUSE' ? 'in use' : 'not allowed';
    try {
      server = await start(0);
    } catch (err2) {
      svc.setCollectorUrl(null);
      return collectorStatus({ error: errorMessage(err2), preferredPort: COLLECTOR_PORT });
    }
  }
  return collectorStatus({ url: server.origin, port: server.port, preferredPort: COLLECTOR_PORT, fallbackReason });
}

async function openFiles(): Promise<void> {
  const svc = core?.service;
  if (!svc) return;
  if (importing) {
    notify('Logbridge', 'An import is already running; wait for it to finish.');
    return;
  }
  const options: OpenDialogOptions = {
    title: 'Open log files',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Log files', extensions: ['log', 'txt', 'jsonl', 'ndjson', 'json', 'har', 'csv'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const picked = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  if (picked.canceled || picked.filePaths.length === 0) return;

  importing = true;
  const outcomes: ImportOutcome[] = [];
  const total = picked.filePaths.length;
  let done = 0;
  // The taskbar shows the whole batch: files finished plus the running one's share of its bytes.
  const stopProgress = svc.subscribe('import.progress', (p) => {
    const share = p.total_bytes > 0 ? Math.min(1, p.bytes / p.total_bytes) : 0;
    mainWindow?.setProgressBar(Math.max((done + share) / total, 0.02));
  });
  try {
    for (const file of picked.filePaths) {
      mainWindow?.setProgressBar(Math.max(done / total, 0.02));
      try {
        outcomes.push({ path: file, summary: await svc.importPath(file) });
        // The system's recent documents (the Dock's and taskbar's jump list) list it too.
        app.addRecentDocument(file);
      } catch (err) {
        outcomes.push({ path: file, error: errorMessage(err) });
      }
      done++;
    }
  } finally {
    stopProgress();
    importing = false;
    mainWindow?.setProgressBar(-1);
  }

  const summary = summarizeImports(outcomes);
  if (mainWindow && !mainWindow.isFocused() && Notification.isSupported()) {
    new Notification({ title: 'Logbridge', body: summary.title }).show();
  }
  const box = { type: summary.failed ? ('warning' as const) : ('info' as const), message: summary.title, detail: summary.detail };
  if (mainWindow) await dialog.showMessageBox(mainWindow, box);
  else await dialog.showMessageBox(box);
}

function createWindow(): BrowserWindow {
  const iconPath = path.join(appRoot, 'build', 'icon.png');
  const win = new BrowserWindow({
    width: 1320,
    height: 840,
    minWidth: 760,
    minHeight: 480,
    show: false,
    title: 'Logbridge',
    ...(isDev && fs.existsSync(iconPath) ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_INDEX_URL).catch((err: unknown) => fatal('Logbridge could not load its window', err));
  return win;
}

async function start(): Promise<void> {
  if (!fs.existsSync(indexPath)) {
    fatal('Logbridge is not built', `${indexPath} is missing; run \`npm run build\` (or \`npm start\`, which builds it).`);
    return;
  }
  const nativeBinding = electronNativeBindingPath({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: appRoot,
    electronVersion: process.versions.electron ?? 'unknown',
  });
  if (!fs.existsSync(nativeBinding)) {
    fatal(
      'SQLite is not built for Electron',
      app.isPackaged
        ? `${nativeBinding} is missing from this installation; reinstall Logbridge.`
        : `${nativeBinding} is missing; run \`node scripts/electron-native.mjs\` (npm start does) to build better-sqlite3 for Electron ${process.versions.electron}.`,
    );
    return;
  }

  const dbPath = defaultDbPath();
  try {
    core = await openCore({
      store: { kind: 'sqlite', path: dbPath },
      nativeBinding,
      version: app.getVersion(),
      collectorUrl: null,
      retentionDays: DEFAULT_RETENTION_DAYS,
      followOtherWriters: true,
      warmAhead: TABLE_SORT_FIELDS,
      // Exports are written by the core (core/export/); main only asks where.
      pickExportPath: async (suggestedName) => {
        const options = { defaultPath: path.join(app.getPath('downloads'), suggestedName) };
        const picked = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
        return picked.canceled || !picked.filePath ? null : picked.filePath;
      },
    });
  } catch (err) {
    fatal('Logbridge could not open its database', err);
    return;
  }
  const svc = core.service;

  hardenSession();
  registerIpc(ipcMain, svc, isTrustedSender);
  stopTopics = forwardTopics(svc, (topic, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send(IPC_CHANNELS.topic, topic, payload);
    }
  });
  Menu.setApplicationMenu(buildMenu({ openFiles: () => void openFiles().catch((err: unknown) => notify('Open failed', errorMessage(err))), isDev }));

  // The collector first, so the window's first app.info already shows where it listens.
  const status = await startCollector(svc);
  mainWindow = createWindow();
  // The renderer shows the collector URL from app.info; a surprise (other port, none) also gets a notification.
  if (!server || (COLLECTOR_PORT !== 0 && server.port !== COLLECTOR_PORT)) notify('Logbridge collector', status);
  else process.stderr.write(`logbridge: ${status}\n`);
}

async function shutdown(): Promise<void> {
  stopTopics?.();
  stopTopics = null;
  const running = server;
  server = null;
  if (running) {
    await Promise.race([running.close(), new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_TIMEOUT_MS).unref())]);
  }
  await core?.close();
  core = null;
}

// Before the lock: the lock lives in the userData folder, which follows the app's name.
app.setName('Logbridge');
// Privileges can only be given before 'ready'; the handler is added once ready (hardenSession).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
if (!app.requestSingleInstanceLock()) {
  // Another Logbridge is running: it gets our 'second-instance' event and focuses its window.
  app.quit();
} else {
  if (process.platform === 'win32') app.setAppUserModelId('dev.logbridge.app');

  app.on('second-instance', () => focusMainWindow());
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && !mainWindow) mainWindow = createWindow();
    else focusMainWindow();
  });

  let closed = false;
  let closing: Promise<void> | null = null;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closing ??= shutdown()
      .catch((err: unknown) => {
        process.stderr.write(`logbridge: shutdown: ${errorMessage(err)}\n`);
      })
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => fatal('Logbridge could not start', err));
}
