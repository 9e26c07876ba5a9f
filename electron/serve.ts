// `logbridge serve`: the core and the UI in browser mode, headless. Also what `npm start`
// falls back to where Electron cannot run.
import fs from 'node:fs';
import path from 'node:path';
import { openStore } from './core/store/open.js';
import { createService } from './core/service.js';
import { startServer, type RunningServer } from './core/http/server.js';
import { VERSION } from './core/version.js';

export interface ServeOptions {
  db: string;
  host: string;
  port: number;
  token?: string;
  uiDir?: string | null;
}

/** The built renderer beside the sources, if it has been built. */
export function defaultUiDir(): string | null {
  const dir = path.resolve(import.meta.dirname, '..', 'dist', 'renderer');
  return fs.existsSync(path.join(dir, 'index.html')) ? dir : null;
}

export async function serve(opts: ServeOptions): Promise<RunningServer & { stop(): Promise<void> }> {
  const store = openStore({ path: opts.db });
  const service = createService(store, { version: VERSION, dbPath: opts.db, collectorUrl: null });
  try {
    const server = await startServer({
      service,
      host: opts.host,
      port: opts.port,
      token: opts.token,
      uiDir: opts.uiDir === undefined ? defaultUiDir() : opts.uiDir,
    });
    return {
      ...server,
      async stop() {
        await server.close();
        store.close();
      },
    };
  } catch (err) {
    store.close();
    throw err;
  }
}
