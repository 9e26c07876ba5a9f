// `logbridge serve`: the core and the UI in browser mode, headless. Also what `npm start`
// falls back to where Electron cannot run.
import fs from 'node:fs';
import path from 'node:path';
import { openCore, type StoreSpec } from './core/compose.js';
import { startServer, type RunningServer } from './core/http/server.js';
import { VERSION } from './core/version.js';
import type { CollectorConfig } from './core/collect/collector.js';
import type { RedactionRules } from './core/privacy/redact.js';
import { DEFAULT_RETENTION_DAYS } from './core/privacy/retention.js';
import { TABLE_SORT_FIELDS } from '../shared/sort.js';

export interface ServeOptions {
  store: StoreSpec;
  host: string;
  port: number;
  token?: string;
  uiDir?: string | null;
  collector?: CollectorConfig;
  retentionDays?: number;
  redaction?: RedactionRules;
}

const REPO_DIR = path.resolve(import.meta.dirname, '..');

/** The browser SDK bundle (scripts/build-sdk.mjs), if it has been built. */
export function defaultSdkFile(): string | null {
  const file = path.join(REPO_DIR, 'dist', 'sdk', 'logbridge.js');
  return fs.existsSync(file) ? file : null;
}

/** The built renderer beside the sources, if it has been built. */
export function defaultUiDir(): string | null {
  const dir = path.join(REPO_DIR, 'dist', 'renderer');
  return fs.existsSync(path.join(dir, 'index.html')) ? dir : null;
}

export async function serve(opts: ServeOptions): Promise<RunningServer & { stop(): Promise<void> }> {
  const core = await openCore({
    store: opts.store,
    version: VERSION,
    collectorUrl: null,
    retentionDays: opts.retentionDays ?? DEFAULT_RETENTION_DAYS,
    redaction: opts.redaction,
    followOtherWriters: true,
    warmAhead: TABLE_SORT_FIELDS,
  });
  const { service } = core;
  try {
    const server = await startServer({
      service,
      host: opts.host,
      port: opts.port,
      token: opts.token,
      uiDir: opts.uiDir === undefined ? defaultUiDir() : opts.uiDir,
      collector: { sdkFile: defaultSdkFile(), ...opts.collector },
    });
    return {
      ...server,
      async stop() {
        await server.close();
        await core.close();
      },
    };
  } catch (err) {
    await core.close();
    throw err;
  }
}
