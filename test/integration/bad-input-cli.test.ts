// Everything a user can get wrong on the command line: one clear sentence on stderr, never a
// stack trace, and exit 2 for bad usage or input, 1 for a failure (a file or database that
// cannot be read). Runs the real CLI (`node bin/logbridge.mjs`), as cli.test.ts does.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/core/store/sqlite/open.js';
import { makeDamagedDb, someEvents } from '../helpers/damaged-db.js';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDbPath, tempDir } from '../helpers/temp.js';


const run = runCli;

interface Case {
  args: string[];
  status: 1 | 2;
  /** The first stderr line, after "logbridge <command>: ". */
  says: RegExp;
}

function cases(): Case[] {
  const dir = tempDir();
  const db = tempDbPath();
  const file = (name: string, content: string | Buffer) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  const good = file('good.log', '1.1.1.1 - - [10/Oct/2025:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "ua"\n');
  const damaged = path.join(dir, 'damaged.db');
  makeDamagedDb(damaged);
  const emptyFolder = path.join(dir, 'empty');
  fs.mkdirSync(emptyFolder);
  const words = Array.from({ length: 3333 }, () => 'w').join(' ');
  return [
    // Bad usage or input: exit 2.
    { args: ['frobnicate'], status: 2, says: /^logbridge: unknown command "frobnicate"; run `logbridge --help`/ },
    { args: ['query', '--db', db, '--bogus'], status: 2, says: /^Unknown option '--bogus'\.$/ },
    { args: ['query', '--db', db, '--limit', '0'], status: 2, says: /^--limit must be at least 1\.$/ },
    { args: ['query', '--db', '', 'x'], status: 2, says: /^--db must name a file\.$/ },
    { args: ['query', '--db', db, 'a AND'], status: 2, says: /^"AND" at column 3 needs a search term after it\.$/ },
    { args: ['query', '--db', db, words], status: 2, says: /^The query has more than 256 search terms/ },
    { args: ['query', '--db', db, 'x'.repeat(10_001)], status: 2, says: /query is longer than 10,000 characters/ },
    { args: ['stats', '--db', db, 'status>abc'], status: 2, says: /^Field "status" needs a number/ },
    { args: ['import', '--db', db, ''], status: 2, says: /^a FILE name must not be empty\.$/ },
    { args: ['import', '--db', db, emptyFolder], status: 2, says: /^the folders named hold no files\.$/ },
    { args: ['import', '--db', db, '--map', 'nope=x', good], status: 2, says: /^--map names a field Logbridge does not know/ },
    { args: ['import', '--db', db, '--log-format', '%h %{oops', good, good], status: 2, says: /^--log-format: / },
    { args: ['serve', '--db', ''], status: 2, says: /^--db must name a file\.$/ },
    { args: ['serve', '--db', db, '--host', '0.0.0.0', '--port', '0'], status: 2, says: /^Refusing to listen on 0\.0\.0\.0 without --token/ },
    // 192.0.2.1 is reserved for documentation (RFC 5737): no machine has it.
    { args: ['serve', '--db', db, '--host', '192.0.2.1', '--token', 'a'.repeat(16), '--port', '0'], status: 2, says: /^--host 192\.0\.2\.1 is not an address of this machine/ },
    // Failures: a file or database that cannot be used, exit 1.
    { args: ['import', '--db', db, path.join(dir, 'missing.log')], status: 1, says: /^Cannot read \S+missing\.log: no such file\.$/ },
    { args: ['import', '--db', db, file('binary.bin', Buffer.alloc(5000, 0))], status: 1, says: /^Unrecognised log format/ },
    { args: ['import', '--db', db, file('broken.log.gz', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]))], status: 1, says: /^Cannot read \S+broken\.log\.gz: / },
    { args: ['query', '--db', dir], status: 1, says: /^Cannot open database \S+: it is a folder; / },
    { args: ['query', '--db', path.join(good, 'x.db')], status: 1, says: /^Cannot create the folder \S+ for the database \S+: part of that path is a file\.$/ },
    { args: ['query', '--db', file('notes.db', 'dear diary '.repeat(100))], status: 1, says: /^\S+notes\.db is not a Logbridge database/ },
    { args: ['query', '--db', damaged], status: 1, says: /^The database \S+ is damaged .*; move the file aside/ },
    { args: ['stats', '--db', damaged], status: 1, says: /^The database \S+ is damaged/ },
    { args: ['import', '--db', damaged, good], status: 1, says: /^The database \S+ is damaged/ },
    { args: ['serve', '--db', damaged, '--port', '0'], status: 1, says: /^The database \S+ is damaged/ },
  ];
}

describe('the CLI with bad input', () => {
  it('answers each with one sentence, no stack trace, and exit 2 (usage, input) or 1 (failure)', { timeout: 300_000 }, async () => {
    const table = cases();
    const results: Awaited<ReturnType<typeof run>>[] = [];
    // A few at a time: each is a Node process.
    for (let i = 0; i < table.length; i += 3) results.push(...(await Promise.all(table.slice(i, i + 3).map((c) => run(c.args)))));
    table.forEach((c, i) => {
      const r = results[i]!;
      const name = c.args.map((a) => (a.length > 40 ? `${a.slice(0, 20)}…` : a)).join(' ');
      expect(r.stderr, name).not.toMatch(/^\s+at /m);
      expect(r.status, `${name}: ${r.stderr}`).toBe(c.status);
      const lines = r.stderr.trim().split('\n');
      // An import that fails says why for the file, then how many files failed.
      expect(lines.length, `${name}: ${r.stderr}`).toBeLessThanOrEqual(c.args[0] === 'import' && c.status === 1 ? 2 : 1);
      expect(lines[0], name).toMatch(/^logbridge[ :]/);
      expect(lines[0]!.replace(/^logbridge \w+: /, ''), name).toMatch(c.says);
    });
  });

  it('says in one line, exit 1, when its output cannot be written (stdout on a full disk)', () => {
    const db = tempDbPath();
    const store = openStore({ path: db });
    store.append(store.sources.collectorId(), someEvents(10));
    store.close();
    const full = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, 'query', '--db', db], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stderr).toMatch(/^logbridge: cannot write the output: ENOSPC/m);
      expect(r.status).toBe(1);
    } finally {
      fs.closeSync(full);
    }
  });
});
