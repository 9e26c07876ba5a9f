// `logbridge <command>`: the plain-Node command line (DESIGN.md "Command line").
// Only what --version and --help need is imported here: each command's module (the store, the
// service, zod and every schema) loads when that command runs, so `logbridge --version` answers
// after a few kilobytes of code rather than the whole core.
import { pathToFileURL } from 'node:url';
import type { Io } from './cli/core-call.js';
import { defaultDbPath } from './core/paths.js';
import { asksHelp, usage } from './cli/usage.js';
import { revealInvisible } from '../shared/bidi.js';
import { VERSION } from './core/version.js';

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
    (name === undefined ? io.err : io.out)(usage()!);
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
  if (asksHelp(rest)) {
    io.out(usage(name)!);
    return 0;
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
