// A stand-in for the 'electron' module, which cannot be downloaded or run on our machines:
// test/unit/electron-main.test.ts runs the real main-process bundle against it under Node.
import { EventEmitter } from 'node:events';

export type Listener = (...args: any[]) => any;
interface Prevented {
  defaultPrevented: boolean;
  preventDefault(): void;
}
export const prevented = (extra: Record<string, unknown> = {}): Prevented & Record<string, unknown> => ({
  ...extra,
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
});

export async function waitFor(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function newRecord() {
  return {
    errors: [] as [string, string][],
    notifications: [] as { title: string; body: string }[],
    boxes: [] as Record<string, any>[],
    opened: [] as string[],
    /** Files handed to app.addRecentDocument (the system's recent documents). */
    recentDocuments: [] as string[],
    sent: [] as unknown[][],
    progress: [] as number[],
    ipc: new Map<string, Listener>(),
    headersListener: null as Listener | null,
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    menu: null as { template: any[] } | null,
    quitDone: false,
    privilegedSchemes: null as { scheme: string; privileges?: Record<string, boolean> }[] | null,
    protocolHandlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
    exitCode: null as number | null,
    boxResponse: 1,
    openDialogResult: { canceled: true, filePaths: [] as string[] },
  };
}

/** Everything main.ts asked of Electron, and the answers the test wants it to get. */
export type FakeRecord = ReturnType<typeof newRecord>;

export interface FakeWindow extends EventEmitter {
  options: Record<string, any>;
  /** The URL the window was told to load. */
  loaded: string | null;
  webContents: EventEmitter & { windowOpenHandler: Listener | null };
}

export interface FakeElectron {
  /** What require('electron') returns. */
  electron: Record<string, unknown>;
  rec: FakeRecord;
  app: EventEmitter & { name: string; ready: boolean; quit(): void };
  BrowserWindow: { all: FakeWindow[] };
}

/**
 * The part of 'electron' that electron/main.ts uses, recording what it is asked to do. It is as
 * strict as Electron where order matters: scheme privileges only before 'ready', protocol
 * handlers only after, each once.
 */
export function makeFakeElectron(appRoot: string): FakeElectron {
  const rec = newRecord();

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
    ready = false;
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
    addRecentDocument(file: string) {
      rec.recentDocuments.push(file);
    }
    requestSingleInstanceLock() {
      return true;
    }
    isReady() {
      return this.ready;
    }
    // Ready comes a turn later, as in Electron: code run at load time runs before it.
    whenReady() {
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          this.ready = true;
          resolve();
        }),
      );
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
    loadURL(url: string) {
      this.loaded = url;
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

  const protocol = {
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]) {
      if (app.ready) throw new Error('protocol.registerSchemesAsPrivileged must be called before the app is ready');
      if (rec.privilegedSchemes) throw new Error('protocol.registerSchemesAsPrivileged can be called only once');
      rec.privilegedSchemes = structuredClone(schemes);
    },
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
      if (!app.ready) throw new Error('protocol.handle can only be used after the app is ready');
      if (rec.protocolHandlers.has(scheme)) throw new Error(`scheme ${scheme} is already handled`);
      rec.protocolHandlers.set(scheme, handler);
    },
  };

  const electron = {
    app,
    BrowserWindow,
    protocol,
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
      constructor(readonly opts: { title: string; body: string }) {}
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
