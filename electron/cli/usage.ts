// The command line's help: every command's own block, shown together by `logbridge --help` and
// alone by `logbridge <command> --help`. Plain text only: --help must answer without loading
// the core (cli.ts).
import { defaultDbPath } from '../core/paths.js';
import { SORT_FIELDS } from '../../shared/sort.js';

const COMMAND_USAGE: Readonly<Record<string, string>> = {
  serve: `  serve   [--db FILE] [--host 127.0.0.1] [--port 4318] [--token T] [--open]
          [--allow-origin ORIGIN]... [--rate-limit N] [--retention-days N]
          [--redact KEY]... [--redact-header NAME]...
          Run the collector and the UI in browser mode; prints the URL to open.
          --allow-origin: pages that may send events (default: any localhost page;
          'localhost' keeps that default beside others, '*' allows any).
          --rate-limit: events per minute per user/session/address (default 100, 0 = off).
          --retention-days: days collected events are kept (default 90, 0 = forever).
          --redact / --redact-header: more body keys (name or regex) and headers to hide.`,
  import: `  import  [--db FILE] [--format auto|access|jsonl|csv|har|otlp|segment|posthog|w3c|cloudfront|
          alb|haproxy|apache-error|nginx-error|logfmt]
          [--log-format FORMAT] [--map FIELD=NAME]... [--follow] [--json] FILE|FOLDER...
          Import log files, gzipped or not, into one timeline (format detected from the
          content). A file imported before is not read again unless it changed; one that
          grew is read on from where the last import stopped.
          --log-format: an nginx log_format or Apache LogFormat string for access logs.
          --map: read our FIELD from the file's NAME (JSON lines, CSV), e.g. --map time=ts.
          --follow: keep reading the file as it grows, until Ctrl-C.
          Exits 1 when a file could not be read or gave no events (the others are still
          imported), or when every file named is empty.`,
  query: `  query   [--db FILE] [--limit N | --all] [--sort FIELD[:asc|desc]] [--json | --format lines|jsonl|csv|har] [QUERY]
          Print the newest N (default 100) events matching QUERY, oldest first; --all writes
          every match, newest first, as it is found (no cap, nothing held).
          --sort: print the first N (or --all) in this order instead; ascending unless :desc.
          FIELD: ${SORT_FIELDS.join(', ')}.
          Events without the value come last either way.
          --format: one line each (default), JSON lines (= --json), CSV with a header, or one
          HAR 1.2 file of the API calls.
          QUERY: status>=500 route:/api/cart* method:(POST OR PUT) -user:bot "some phrase"`,
  stats: `  stats   [--db FILE] [--by route|method|status|page] [--from T] [--to T] [--limit N] [--json] [QUERY]
          Count, errors (5xx) and p50/p95/p99 duration of API calls, overall or per route and
          method, per method, per status; per page counts every event that names one.`,
  sessions: `  sessions [--db FILE] [--from T] [--to T] [--limit N] [--json] [QUERY]
          Sessions with an event matching QUERY, the latest first (default 1000): user, start,
          duration, pages, actions, API calls, errors, slowest call, and whether the session
          ended within a minute of a failed or slow call.`,
  timeline: `  timeline SESSION_ID [--db FILE] [--limit N] [--json]
          One session's events, oldest first, timed from its start; --json prints them as
          \`query --json\` does. Exits 1 when there is no such session.`,
};

const footer = () => `--db defaults to $LOGBRIDGE_DB, else ${defaultDbPath()}; --store also takes a clickhouse:// URL.
--from / --to: ISO 8601 dates or times (2025-10-10, 2025-10-10T14:30:00Z); --to is exclusive.
With --json, output is one JSON object per line.`;

/** The whole help, or one command's (null when there is no such command). */
export function usage(command?: string): string | null {
  if (command === undefined) return `Usage: logbridge <command> [options]\n\nCommands:\n${Object.values(COMMAND_USAGE).join('\n')}\n\n${footer()}`;
  const block = Object.hasOwn(COMMAND_USAGE, command) ? COMMAND_USAGE[command] : undefined;
  return block === undefined ? null : `Usage: logbridge ${block.trimStart()}\n\n${footer()}`;
}

/** `logbridge <command> --help` (or -h) anywhere among its arguments. */
export const asksHelp = (args: readonly string[]): boolean => args.some((a) => a === '--help' || a === '-h');
