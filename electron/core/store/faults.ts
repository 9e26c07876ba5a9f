// Failures of the database itself (as opposed to a bad request): a damaged file, a full disk, a
// file we may not write. They are told apart by SQLite's result code, which better-sqlite3
// puts on its errors as `code` and our writer threads carry across (writer.ts), so every layer
// can answer them with one sentence that says what to do, never with a stack trace.

/** `unavailable`: a store server (ClickHouse) that does not answer. */
export type StoreFault = 'corrupt' | 'notadb' | 'full' | 'readonly' | 'io' | 'unavailable';

/** Which fault an error is, from its SQLite result code; null for anything else. */
export function faultOf(err: unknown): StoreFault | null {
  if (err instanceof StoreFaultError) return err.fault;
  const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_CORRUPT')) return 'corrupt';
  if (code === 'SQLITE_NOTADB') return 'notadb';
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_READONLY')) return 'readonly';
  if (code.startsWith('SQLITE_IOERR')) return 'io';
  return null;
}

/** One sentence: what happened to the database at `dbPath`, and what the user can do. */
export function faultMessage(fault: StoreFault, dbPath: string): string {
  switch (fault) {
    case 'corrupt':
      return `The database ${dbPath} is damaged (SQLite reports it malformed); move the file aside (with its -wal and -shm files) or restore it from a backup, then start Logbridge again.`;
    case 'notadb':
      return `${dbPath} is not a Logbridge database, or its first page is damaged; pass --db with a database file, or move this one aside (with its -wal and -shm files) to start a new one.`;
    case 'full':
      return `The disk holding the database ${dbPath} is full; free some space, and new events are stored again.`;
    case 'readonly':
      return `The database ${dbPath} cannot be written (no permission, or a read-only disk); check the file's permissions or pass --db with another file.`;
    case 'io':
      return `The disk holding the database ${dbPath} failed a read or write; check the disk, and try again.`;
    case 'unavailable':
      return `The store server ${dbPath} does not answer; check that it is running and reachable, and try again.`;
  }
}

/** A write or read refused because of a store fault; `status` is the HTTP answer for it. */
export class StoreFaultError extends Error {
  override name = 'StoreFaultError';
  readonly status: number;
  constructor(
    readonly fault: StoreFault,
    message: string,
  ) {
    super(message);
    // 507 tells a client the server has no room (and it is worth retrying later); the rest are
    // the server being unable to serve for now.
    this.status = fault === 'full' ? 507 : 503;
  }
}
