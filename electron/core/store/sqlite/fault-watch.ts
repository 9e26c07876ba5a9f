// Keeps the state of the database's health for a running service: the first fault is logged in
// one line (not once per request), a damaged file stays refused for writes from then on (an
// acknowledged event must be a stored one), and a full disk is retried at every write, so
// collection resumes by itself once space is back, which is logged once too.
import { faultMessage, faultOf, StoreFaultError, type StoreFault } from '../faults.js';

export interface FaultWatch {
  /** The error to answer with when `err` is a store fault (noting it), else null. */
  check(err: unknown): StoreFaultError | null;
  /** Throws before a write that must not be attempted: the file is known to be damaged. */
  beforeWrite(): void;
  /** After a write that was stored: a transient fault (full disk) is over. */
  afterWrite(): void;
  current(): StoreFault | null;
}

/** Faults that cannot go away while the process runs: the file stays as it is. */
const STICKY: ReadonlySet<StoreFault> = new Set(['corrupt', 'notadb']);

export function createFaultWatch(dbPath: string, log: (line: string) => void): FaultWatch {
  let fault: StoreFault | null = null;
  const error = (f: StoreFault) => new StoreFaultError(f, faultMessage(f, dbPath));
  return {
    check(err) {
      const f = faultOf(err);
      if (f === null) return null;
      // A damaged file outranks whatever happens next: advice to free space would mislead.
      if (fault !== null && STICKY.has(fault)) return error(fault);
      if (fault !== f) {
        fault = f;
        log(`logbridge: ${faultMessage(f, dbPath)} Collected events are refused until then.`);
      }
      return error(f);
    },
    beforeWrite() {
      if (fault !== null && STICKY.has(fault)) throw error(fault);
    },
    afterWrite() {
      if (fault === null || STICKY.has(fault)) return;
      log(`logbridge: the database ${dbPath} stores events again.`);
      fault = null;
    },
    current: () => fault,
  };
}
