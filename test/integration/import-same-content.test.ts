// The same file is one source whether the app's upload or `logbridge import` read it first:
// files are known by their content (size and head), not their path.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api } from '../../shared/api.js';
import { clfTime } from '../helpers/access-lines.js';
import { runCli } from '../helpers/cli.js';
import { makeService } from '../helpers/service.js';
import { tempDbPath, tempDir } from '../helpers/temp.js';
import type { Service } from '../../electron/core/service.js';

const T0 = Date.UTC(2026, 10, 1, 10);
const LINES = Array.from({ length: 300 }, (_, i) => `10.0.0.${i % 7} - - [${clfTime(T0 + i * 1000)}] "GET /p/${i} HTTP/1.1" 200 ${100 + i} "-" "curl/8"`).join('\n') + '\n';

function file(): string {
  const f = path.join(tempDir(), 'access.log');
  fs.writeFileSync(f, LINES);
  return f;
}

async function upload(service: Service, name: string, o: Record<string, unknown> = {}) {
  const r = await service.dispatch('import.file', { name, content: LINES, ...o });
  if (!r.ok) throw new Error(r.message);
  return api['import.file'].output.parse(r.value);
}

async function stored(service: Service) {
  const r = await service.dispatch('events.search', { query: '', limit: 1 });
  if (!r.ok) throw new Error(r.message);
  return api['events.search'].output.parse(r.value).total;
}

async function cliImport(db: string, f: string, extra: string[] = []) {
  const r = await runCli(['import', '--db', db, '--json', ...extra, f]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n')[0]!) as { state: string; imported: number; source_id: number };
}

describe('one file, one source', () => {
  it('opened in the app, then named to logbridge import: read once', async () => {
    const db = tempDbPath();
    const service = await makeService(db);
    const first = await upload(service, 'access.log');
    expect(first.imported).toBe(300);
    const again = await cliImport(db, file());
    expect(again).toMatchObject({ state: 'unchanged', imported: 0, source_id: first.source_id });
    expect(await stored(service)).toBe(300);
  });

  it('named to logbridge import, then opened in the app under another name: read once', async () => {
    const db = tempDbPath();
    const first = await cliImport(db, file());
    expect(first.imported).toBe(300);
    const service = await makeService(db);
    const again = await upload(service, 'copy-of-access.log');
    expect(again).toMatchObject({ state: 'unchanged', imported: 0, source_id: first.source_id });
    expect(await stored(service)).toBe(300);
  });

  it('read again with other options from elsewhere: the new read takes its place', async () => {
    const db = tempDbPath();
    const service = await makeService(db);
    await upload(service, 'access.log');
    const other = await cliImport(db, file(), ['--format', 'access']);
    expect(other).toMatchObject({ state: 'done', imported: 300 });
    expect(await stored(service)).toBe(300);
  });
});
