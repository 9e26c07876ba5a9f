// Derived sessions through the importer, as a user opens a file: an access log where two
// browsers share one address (an office behind NAT) must show two visitors, not one.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../shared/events.js';
import { makeService } from '../helpers/service.js';
import { tempDir } from '../helpers/temp.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** A combined-format line at 10:mm:00 on 23 Nov 2026. */
const line = (minute: number, ip: string, ua: string, page: string) =>
  `${ip} - - [23/Nov/2026:10:${String(minute).padStart(2, '0')}:00 +0000] "GET ${page} HTTP/1.1" 200 512 "-" "${ua}"`;

describe('import: derived sessions by user agent', () => {
  it('gives two agents behind one address two sessions, and each keeps its own through interleaving', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'office.log');
    const lines = [
      line(0, '192.0.2.10', FIREFOX, '/ff/1'),
      line(1, '192.0.2.10', CHROME, '/ch/1'),
      line(2, '192.0.2.10', FIREFOX, '/ff/2'),
      line(3, '192.0.2.10', CHROME, '/ch/2'),
      line(4, '192.0.2.10', FIREFOX, '/ff/3'),
    ];
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const service = await makeService();
    expect(await service.importPath(file)).toMatchObject({ state: 'done', imported: 5 });

    const r = await service.dispatch('events.search', { query: '', limit: 100 });
    if (!r.ok) throw new Error(r.message);
    const events: LogEvent[] = r.value.events;
    expect(new Set(events.map((e) => e.attrs?.ip_hash)).size).toBe(1);
    expect(events.every((e) => e.session_derived === true)).toBe(true);
    const sessionsOf = (prefix: string) => new Set(events.filter((e) => e.url?.startsWith(prefix)).map((e) => e.session_id));
    const firefox = sessionsOf('/ff/');
    const chrome = sessionsOf('/ch/');
    expect(firefox.size).toBe(1);
    expect(chrome.size).toBe(1);
    expect([...firefox][0]).not.toBe([...chrome][0]);
  });
});
