import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../shared/api.js';
import { cancelledText, estimate, formatEta, formatPercent, formatRate, fraction, progressParts, uploadParts } from '../../renderer/src/lib/progress.js';

const MB = 1024 * 1024;

function progress(over: Partial<ImportProgress> = {}): ImportProgress {
  return {
    job_id: 'j1', name: 'access.log', state: 'running', bytes: 12 * MB, total_bytes: 48 * MB, lines: 120_000, events: 119_998, bad: 2,
    bytes_per_s: 14.2 * MB, eta_ms: 2_600, ...over,
  };
}

describe('fraction and percent', () => {
  it('is null without a total, so the bar is indeterminate', () => {
    expect(fraction(5, 0)).toBeNull();
    expect(formatPercent(null)).toBe('');
  });

  it('clamps to 0..1 and never shows 100% before the end', () => {
    expect(fraction(150, 100)).toBe(1);
    expect(fraction(-1, 100)).toBe(0);
    expect(formatPercent(fraction(996, 1000))).toBe('99%');
    expect(formatPercent(fraction(1000, 1000))).toBe('100%');
  });
});

describe('formatRate', () => {
  it.each([
    [0, ''],
    [Number.NaN, ''],
    [-5, ''],
    [500, '1 KB/s'],
    [50 * 1024, '50 KB/s'],
    [14.24 * MB, '14.2 MB/s'],
    [250 * MB, '250 MB/s'],
  ])('%s B/s -> %j', (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });
});

describe('formatEta', () => {
  it.each([
    [null, ''],
    [-1, ''],
    [Number.POSITIVE_INFINITY, ''],
    [400, 'less than a second left'],
    [2_100, '3 s left'],
    [59_000, '59 s left'],
    [61_000, 'about 1 min left'],
    [150_000, 'about 3 min left'],
    [2 * 3_600_000, 'about 2 h left'],
    [2 * 3_600_000 + 20 * 60_000, 'about 2 h 20 min left'],
  ])('%s ms -> %j', (ms, text) => {
    expect(formatEta(ms)).toBe(text);
  });
});

describe('progressParts', () => {
  it('says bytes read of total, lines, events, bad lines, rate and time left', () => {
    expect(progressParts(progress())).toEqual(['12 MB of 48 MB', '120,000 lines', '119,998 events', '2 bad lines', '14.2 MB/s', '3 s left']);
  });

  it('leaves out what has nothing to say', () => {
    expect(progressParts(progress({ bad: 0, bytes_per_s: 0, eta_ms: null, lines: 1, events: 1 }))).toEqual(['12 MB of 48 MB', '1 line', '1 event']);
    expect(progressParts(progress({ total_bytes: 0, bytes: 2048, bad: 1 }))[0]).toBe('2.0 KB');
  });

  it('shows no time left once the import is no longer running', () => {
    expect(progressParts(progress({ state: 'done', eta_ms: 0 }))).not.toContain('less than a second left');
  });
});

describe('upload estimate', () => {
  it('waits for a measurable interval before giving a rate', () => {
    expect(estimate(1000, 10_000, 100)).toEqual({ bytesPerSecond: 0, etaMs: null });
    expect(estimate(0, 10_000, 5000)).toEqual({ bytesPerSecond: 0, etaMs: null });
  });

  it('extrapolates the rate so far', () => {
    expect(estimate(10 * MB, 50 * MB, 2000)).toEqual({ bytesPerSecond: 5 * MB, etaMs: 8000 });
  });

  it('words bytes sent, rate and time left', () => {
    expect(uploadParts(10 * MB, 50 * MB, 2000)).toEqual(['10 MB of 50 MB sent', '5.0 MB/s', '8 s left']);
    expect(uploadParts(0, 50 * MB, 0)).toEqual(['0 B of 50 MB sent']);
  });
});

describe('cancelledText', () => {
  it('counts the events kept', () => {
    expect(cancelledText(1204)).toBe('Cancelled — 1,204 events kept');
    expect(cancelledText(1)).toBe('Cancelled — 1 event kept');
  });
});
