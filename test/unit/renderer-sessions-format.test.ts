// How long a session lasted, and how many the list shows, in words that read the same everywhere.
import { describe, expect, it } from 'vitest';
import { formatSessionCount, formatSpan } from '../../renderer/src/lib/sessions-format.js';

describe('formatSpan', () => {
  it.each([
    [0, '0 ms'],
    [350.4, '350 ms'],
    [999, '999 ms'],
    [1_000, '1.0 s'],
    [4_290, '4.2 s'],
    [59_999, '59.9 s'],
    [60_000, '1 min'],
    [725_000, '12 min 5 s'],
    [3_599_999, '59 min 59 s'],
    [3_600_000, '1 h'],
    [7_380_000, '2 h 3 min'],
    [90 * 3_600_000, '90 h'],
    [1_200 * 3_600_000, '1,200 h'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatSpan(ms)).toBe(text);
  });

  it('is empty for nonsense rather than "NaN"', () => {
    expect(formatSpan(Number.NaN)).toBe('');
    expect(formatSpan(-5)).toBe('');
  });
});

describe('formatSessionCount', () => {
  it('counts what is listed, and says when it is only the newest part', () => {
    expect(formatSessionCount(1, false)).toBe('1 session');
    expect(formatSessionCount(0, false)).toBe('0 sessions');
    expect(formatSessionCount(1_000, true)).toBe('The newest 1,000 sessions');
  });
});
