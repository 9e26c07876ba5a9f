// The names logrotate (and most log writers) give the files of one log: `access.log` is being
// written; `access.log.1`, `access.log.2.gz` ... are older the higher their number, and with
// dateext `access.log-20240101` (or `-2024010113`, hourly), optionally `.gz`, are older the
// earlier their date. Used to find the file before and after a file in its rotation.
import path from 'node:path';

export interface RotationName {
  /** The log's own name: `access.log` for every file above. */
  base: string;
  scheme: 'live' | 'number' | 'date';
  /** Within a scheme, larger is newer. */
  order: number;
}

const NUMBERED = /^(.+)\.(\d{1,4})$/;
const DATED = /^(.+)-(\d{8}|\d{10})$/;

/** How `name` sits in its log's rotation; null for a compressed file with no number or date. */
export function rotationName(name: string): RotationName | null {
  const gz = /\.gz$/i.test(name);
  const bare = gz ? name.slice(0, -3) : name;
  const numbered = NUMBERED.exec(bare);
  if (numbered) return { base: numbered[1]!, scheme: 'number', order: -Number(numbered[2]) };
  const dated = DATED.exec(bare);
  // An hourly date sorts after the day it falls in.
  if (dated) return { base: dated[1]!, scheme: 'date', order: Number(dated[2]!.padEnd(10, '0')) };
  return gz ? null : { base: bare, scheme: 'live', order: 0 };
}

/** Which of two files of one log is newer: > 0 when `a` is; null when their names cannot say. */
export function compareRotation(a: RotationName, b: RotationName): number | null {
  if (a.base !== b.base) return null;
  if (a.scheme === b.scheme) return a.scheme === 'live' ? null : Math.sign(a.order - b.order);
  if (a.scheme === 'live') return 1;
  if (b.scheme === 'live') return -1;
  return null;
}

export interface RotationFile {
  id: number;
  /** Its real path. */
  path: string;
}

/**
 * Among `stored`, the files of the same log in the same folder as `file` that come right before
 * and right after it. Names compare only within one scheme (and with the live file): a folder
 * holding both numbered and dated files of one log has two rotations.
 */
export function rotationNeighbourFiles<T extends RotationFile>(file: string, stored: readonly T[]): { before?: T; after?: T } {
  const me = rotationName(path.basename(file));
  if (!me) return {};
  const dir = path.dirname(file);
  let before: { file: T; name: RotationName } | undefined;
  let after: { file: T; name: RotationName } | undefined;
  for (const s of stored) {
    if (s.path === file || path.dirname(s.path) !== dir) continue;
    const name = rotationName(path.basename(s.path));
    const vsMe = name && compareRotation(name, me);
    if (!name || !vsMe) continue;
    // The closest on each side; between two of different schemes the first found stays.
    if (vsMe < 0 && (!before || compareRotation(name, before.name) === 1)) before = { file: s, name };
    if (vsMe > 0 && (!after || compareRotation(name, after.name) === -1)) after = { file: s, name };
  }
  return { before: before?.file, after: after?.file };
}
