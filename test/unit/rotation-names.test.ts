// The files of one rotated log (importers/rotation-names.ts): which stored file comes right before
// and right after the one being read.
import { describe, expect, it } from 'vitest';
import { compareRotation, rotationName, rotationNeighbourFiles } from '../../electron/core/importers/rotation-names.js';

const f = (id: number, path: string) => ({ id, path });

describe('rotation names', () => {
  it('reads the live file, numbered and dated files, gzipped or not, as one log', () => {
    expect(rotationName('access.log')).toEqual({ base: 'access.log', scheme: 'live', order: 0 });
    expect(rotationName('access.log.1')).toMatchObject({ base: 'access.log', scheme: 'number' });
    expect(rotationName('access.log.2.gz')).toMatchObject({ base: 'access.log', scheme: 'number' });
    expect(rotationName('access.log-20240101')).toMatchObject({ base: 'access.log', scheme: 'date' });
    expect(rotationName('access.log-20240101.GZ')).toMatchObject({ base: 'access.log', scheme: 'date' });
    expect(rotationName('access.log.gz')).toBeNull();
  });

  it('orders them: the live file newest, lower numbers and later dates newer, other logs and schemes not at all', () => {
    const n = (s: string) => rotationName(s)!;
    expect(compareRotation(n('access.log'), n('access.log.1'))).toBe(1);
    expect(compareRotation(n('access.log.1'), n('access.log.2.gz'))).toBe(1);
    expect(compareRotation(n('access.log-20240101'), n('access.log-20240102'))).toBe(-1);
    expect(compareRotation(n('access.log-2024010123'), n('access.log-20240101'))).toBe(1);
    expect(compareRotation(n('access.log.1'), n('access.log-20240101'))).toBeNull();
    expect(compareRotation(n('access.log.1'), n('error.log.2'))).toBeNull();
  });

  it('finds the closest stored file on each side, in the same folder only', () => {
    const stored = [f(1, '/logs/access.log.3.gz'), f(2, '/logs/access.log.2.gz'), f(3, '/logs/access.log'), f(4, '/other/access.log.1'), f(5, '/logs/error.log.1')];
    expect(rotationNeighbourFiles('/logs/access.log.1', stored)).toEqual({ before: stored[1], after: stored[2] });
    expect(rotationNeighbourFiles('/logs/access.log', [...stored, f(6, '/logs/access.log')])).toEqual({ before: stored[1], after: undefined });
    expect(rotationNeighbourFiles('/other/access.log', stored)).toEqual({ before: stored[3], after: undefined });
    expect(rotationNeighbourFiles('/logs/notes.txt.gz', stored)).toEqual({});
  });
});
