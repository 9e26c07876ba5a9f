// `logbridge <command>`: the plain-Node command line (DESIGN.md "Command line").
// Only what --version and --help need is imported here: each command's module (the store, the
// service, zod and every schema) loads when that command runs, so `logbridge --version` answers
// after a few kilobytes of code rather than the whole core.
import { pathToFileURL } from 'node:url';
import type { Io } from './cli/core-call.js';
import { defaultDbPath } from './core/paths.js';
import { revealInvisible } from '../shared/bidi.js';
import { VERSION } from './core/version.js';

const USAGE = `Usage: logbridge <command> [options]

Commands:
  serve   [--db FILE] [--host 127.0.0.1] [--port 4318] [--token T] [--open]
          [--allow-origin ORIGIN]... [--rate-limit N] [--retention-days N]
          [--redact KEY]... [--redact-header NAME]...
          Run the collector and the UI in browser mode; prints the URL to open.
          --allow-origin: pages that may send events (default: any localhost page;
          'localhost' keeps that default beside others, '*' allows any).
          --rate-limit: events per minute per user/session/address (default 100, 0 = off).
          --retention-days: days collected events are kept (default 90, 0 = forever).
          --redact / --redact-header: more body keys (name or regex) and headers to hide.
  import  [--db FILE] [--format auto|access|jsonl|csv|har|otlp|segment|posthog|w3c|cloudfront|
          alb|haproxy|apache-error|nginx-error|logfmt]
          [--log-format FORMAT] [--map FIELD=NAME]... [--follow] [--json] FILE|FOLDER...
          Import log files, gzipped or not, into one timeline (format detected from the
          content). A file imported before is not read again unless it changed; one that
          grew is read on from where the last import stopped.
          --log-format: an nginx log_format or Apache LogFormat string for access logs.
          --map: read our FIELD from the file's NAME (JSON lines, CSV), e.g. --map time=ts.
          --follow: keep reading the file as it grows, until Ctrl-C.
          Exits 1 when a file could not be read or gave no events (the others are still
          imported), or when every file named is empty.
  query   [--db FILE] [--limit N] [--json] [QUERY]
          Print the newest N (default 100) events matching QUERY, oldest first.
          QUERY: status>=500 route:/api/cart* method:(POST OR PUT) -user:bot "some phrase"
  stats   [--db FILE] [--by route|method|status|page] [--from T] [--to T] [--limit N] [--json] [QUERY]
          Count, errors (5xx) and p50/p95/p99 duration of API calls, overall or per route and
          method, per method, per status; per page counts every event that names one.
  sessions [--db FILE] [--from T] [--to T] [--limit N] [--json] [QUERY]
          Sessions with an event matching QUERY, the latest first (default 1000): user, start,
          duration, pages, actions, API calls, errors, slowest call, and whether the session
          ended within a minute of a failed or slow call.
  timeline SESSION_ID [--db FILE] [--limit N] [--json]
          One session's events, oldest first, timed from its start; --json prints them as
          \`query --json\` does. Exits 1 when there is no such session.

--db defaults to $LOGBRIDGE_DB, else ${defaultDbPath()}; --store also takes a clickhouse:// URL.
--from / --to: ISO 8601 dates or times (2025-10-10, 2025-10-10T14:30:00Z); --to is exclusive.
With --json, output is one JSON object per line.`;

type Command = (argv: string[], io: Io, defaultDb: string) => Promise<void>;
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./cli/serve-command.js')).serveCommand,
  import: async () => (await import('./cli/data-commands.js')).importCommand,
  query: async () => (await import('./cli/data-commands.js')).queryCommand,
  stats: async () => (await import('./cli/stats-command.js')).statsCommand,
  sessions: async () => (await import('./cli/session-commands.js')).sessionsCommand,
  timeline: async () => (await import('./cli/session-commands.js')).timelineCommand,
};

/**
 * The last line of defence for the terminal: whatever a command prints (file names, reasons,
 * notes, mapped field names all come from files others wrote) reaches it with control and bidi
 * characters shown as markers. Our own line breaks stay; a CR or ESC in the text cannot act.
 */
const safe = (text: string) => text.split('\n').map((l) => revealInvisible(l)).join('\n');

const stdio: Io = {
  out: (line) => process.stdout.write(`${safe(line)}\n`),
  err: (line) => process.stderr.write(`${safe(line)}\n`),
  // A terminal's status line: rewritten in place, cleared with ''.
  progress: (line) => process.stderr.write(`\r\x1b[2K${safe(line)}`),
};

/** Runs one command and returns the exit status: 0 ok, 2 bad arguments, 1 failure. */
export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(VERSION);
    return 0;
  }
  if (io === stdio) {
    // `logbridge query | head` closes the pipe early; that is the reader's choice, not an error.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      // A full disk or a closed terminal under the output: one line, not a stack trace.
      io.err(`logbridge: cannot write the output: ${err.message}`);
      process.exit(1);
    });
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.err(`logbridge: unknown command "${name}"; run \`logbridge --help\` to see the commands.`);
    return 2;
  }
  try {
    await (await load())(rest, io, defaultDbPath());
    return 0;
  } catch (err) {
    // The error classes live with the commands (core-call.ts): loaded by now for most, and an error can wait.
    const [{ UsageError }, { FailureReported }] = await Promise.all([import('./cli/args.js'), import('./cli/core-call.js')]);
    if (err instanceof FailureReported) return 1;
    const message = (err instanceof Error ? err.message : String(err)).replace(new RegExp(`^${name}: `), '');
    io.err(`logbridge ${name}: ${message}`);
    return err instanceof UsageError ? 2 : 1;
  }
}

// Also runnable directly (`npx tsx electron/cli.ts ...`), not only through bin/logbridge.mjs.
// No top-level await: the bundle (scripts/build-cli.mjs) is CommonJS.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
