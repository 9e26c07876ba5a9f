import { describe, expect, it } from 'vitest';
import {
  durationUnitOf, MICROSECOND, MS, NANOSECOND, readDuration, readEpoch, readTime, readTimeText, SECOND, unitSuffix, type TimeInfo,
} from '../../electron/core/importers/formats/time-value.js';

const T0 = Date.UTC(2015, 4, 17, 10, 5, 3);

describe('readTime: ISO 8601 and RFC 3339', () => {
  it.each([
    ['2015-05-17T10:05:03Z', T0],
    ['2015-05-17T10:05:03z', T0],
    ['2015-05-17t10:05:03Z', T0],
    ['2015-05-17T10:05:03.123Z', T0 + 123],
    ['2015-05-17T10:05:03.1Z', T0 + 100],
    ['2015-05-17T10:05:03.123456789Z', T0 + 123],
    ['2015-05-17T10:05:03.999999Z', T0 + 999],
    ['2015-05-17T10:05:03,250Z', T0 + 250],
    ['2015-05-17T12:05:03+02:00', T0],
    ['2015-05-17T12:05:03+0200', T0],
    ['2015-05-17T12:05:03+02', T0],
    ['2015-05-17T04:35:03-05:30', T0],
    ['2015-05-17 10:05:03 +0000', T0],
    ['2015-05-17 10:05:03 UTC', T0],
    ['2015-05-17 10:05:03 GMT', T0],
    ['2015-05-17T10:05Z', T0 - 3000],
    ['  2015-05-17T10:05:03Z\t', T0],
  ])('%s', (text, ms) => {
    expect(readTime(text)).toBe(ms);
  });

  it('reads a time without a zone as UTC, and says so', () => {
    const info: TimeInfo = { zoneless: false, epoch: false };
    expect(readTime('2015-05-17 10:05:03', info)).toBe(T0);
    expect(info).toEqual({ zoneless: true, epoch: false });
    expect(readTime('2015-05-17T10:05:03.5')).toBe(T0 + 500);
    const zoned: TimeInfo = { zoneless: false, epoch: false };
    readTime('2015-05-17T10:05:03Z', zoned);
    expect(zoned.zoneless).toBe(false);
  });

  it('reads slashed dates (Go log, nginx error log) and bare dates', () => {
    expect(readTime('2015/05/17 10:05:03')).toBe(T0);
    expect(readTime('2015-05-17')).toBe(Date.UTC(2015, 4, 17));
    expect(readTime('2015-05/17')).toBeNaN();
  });

  it('refuses dates and clocks that do not exist', () => {
    for (const bad of [
      '2015-02-30T00:00:00Z', '2015-02-29', '2015-13-01T00:00:00Z', '2015-00-10', '2015-05-32', '2015-05-17T24:00:00Z',
      '2015-05-17T23:60:00Z', '2015-05-17T23:59:60Z', '2015-05-17T10:05:03+24:00', '2015-05-17T10:05:03+02:60',
      '2015-05-17T10:05:03.Z', '2015-05-17T10:05:03Zjunk', '2015-05-17T10:05:03 +0', '2015-05-17X10:05:03',
      '1969-12-31T23:59:59Z', '2015-05-17T1:05:03Z',
    ]) {
      expect(readTime(bad), bad).toBeNaN();
    }
    expect(readTime('2016-02-29T00:00:00Z')).toBe(Date.UTC(2016, 1, 29));
  });

  it('does not let a cached day answer for a different, invalid date', () => {
    expect(readTime('2016-01-01T00:00:00Z')).toBe(Date.UTC(2016, 0, 1));
    // (2015 * 16 + 17) equals (2016 * 16 + 1): the range check must come before the cache.
    expect(readTime('2015-17-01T00:00:00Z')).toBeNaN();
  });
});

describe('readTime: other text forms', () => {
  it('reads Apache/nginx $time_local', () => {
    expect(readTime('17/May/2015:10:05:03 +0000')).toBe(T0);
    expect(readTime('17/may/2015:12:05:03 +0200')).toBe(T0);
    expect(readTime('17/May/2015:10:05:03.250 +0000')).toBe(T0 + 250);
    const info: TimeInfo = { zoneless: false, epoch: false };
    expect(readTime('17/May/2015:10:05:03', info)).toBe(T0);
    expect(info.zoneless).toBe(true);
    expect(readTime('17/Mai/2015:10:05:03 +0000')).toBeNaN();
    expect(readTime('31/Apr/2015:10:05:03 +0000')).toBeNaN();
  });

  it('reads RFC 1123 / 2822 dates', () => {
    expect(readTime('Sun, 17 May 2015 10:05:03 GMT')).toBe(T0);
    expect(readTime('17 May 2015 12:05:03 +0200')).toBe(T0);
    expect(readTime('Fri, 1 May 2015 10:05:03 UT')).toBe(Date.UTC(2015, 4, 1, 10, 5, 3));
    expect(readTime('Sun, 17 May 2015 10:05:03')).toBeNaN();
  });

  it('refuses words, empty text, very long text and non-text values', () => {
    for (const v of ['', ' ', 'yesterday', 'now', 'NaN', '12:00', 'x'.repeat(100), true, null, undefined, {}, [], '0x10']) {
      expect(readTime(v), JSON.stringify(v)).toBeNaN();
    }
  });
});

describe('readTime: epoch numbers', () => {
  const info = (): TimeInfo => ({ zoneless: false, epoch: false });

  it('tells seconds, ms, µs and ns apart by magnitude', () => {
    expect(readTime(1431857103)).toBe(T0);
    expect(readTime(1431857103123)).toBe(T0 + 123);
    expect(readTime(1431857103123456)).toBe(T0 + 123);
    expect(readTime(1431857103123456789)).toBe(T0 + 123);
    expect(readTime(0)).toBe(0);
    expect(readTime(99_999_999_999)).toBe(99_999_999_999_000);
  });

  it('reads fractional seconds exactly, without float noise', () => {
    expect(readTime(1431857103.123)).toBe(T0 + 123);
    expect(readTime(1431857103.5)).toBe(T0 + 500);
    expect(readTime('1431857103.123999')).toBe(T0 + 123);
    expect(readTime('1431857103.1')).toBe(T0 + 100);
  });

  it('reads digit strings the same way, nanoseconds without losing digits', () => {
    expect(readTime('1431857103')).toBe(T0);
    expect(readTime('1431857103123')).toBe(T0 + 123);
    expect(readTime('1431857103123456')).toBe(T0 + 123);
    expect(readTime('1431857103123999999')).toBe(T0 + 123);
    const i = info();
    readTime('1431857103', i);
    expect(i.epoch).toBe(true);
  });

  it('refuses negative, non-finite, too large and malformed numbers', () => {
    for (const v of [-1, NaN, Infinity, 1e21, '1e10', '-5', '12.', '.5', '1.2.3', '123456789012345678901']) {
      expect(readTime(v), String(v)).toBeNaN();
    }
    expect(readEpoch(1e20)).toBeNaN();
    expect(readEpoch(99_999_999_999_999)).toBe(99_999_999_999_999);
  });
});

describe('readDuration', () => {
  it('scales bare numbers by the field unit', () => {
    expect(readDuration(12, MS)).toBe(12);
    expect(readDuration(0.012, SECOND)).toBe(12);
    expect(readDuration(1500, MICROSECOND)).toBe(1.5);
    expect(readDuration(1_500_000, NANOSECOND)).toBe(1.5);
    expect(readDuration('0.25', SECOND)).toBe(250);
    expect(readDuration(' 7 ', MS)).toBe(7);
    expect(readDuration(0.1 + 0.2, MS)).toBe(0.3);
  });

  it('reads a unit written in the value, whatever the field unit', () => {
    expect(readDuration('12ms', SECOND)).toBe(12);
    expect(readDuration('1.5s', MS)).toBe(1500);
    expect(readDuration('300µs', MS)).toBe(0.3);
    expect(readDuration('300\u03bcs', MS)).toBe(0.3);
    expect(readDuration('300us', MS)).toBe(0.3);
    expect(readDuration('2500000ns', MS)).toBe(2.5);
    expect(readDuration('2m3.5s', MS)).toBe(123_500);
    expect(readDuration('1h', MS)).toBe(3_600_000);
    expect(readDuration('5m', MS)).toBe(300_000);
    expect(readDuration('12 ms', MS)).toBe(12);
    expect(readDuration('2 sec', MS)).toBe(2000);
  });

  it('refuses negative, unknown, malformed and absurd durations', () => {
    for (const v of ['-5ms', '-5', 'abc', '12 m 3 s', '12 ms3s', '1e3', '5 parsecs', '12kg', '.', '', -1, NaN, Infinity, true, null, {}]) {
      expect(readDuration(v, MS), JSON.stringify(v)).toBeNaN();
    }
    expect(readDuration(101 * 86_400_000, MS)).toBeNaN();
    expect(readDuration('2400h', MS)).toBe(2400 * 3_600_000);
    expect(readDuration('2401h', MS)).toBeNaN();
  });
});

describe('durationUnitOf', () => {
  it.each([
    ['duration', MS], ['latency', MS], ['took', MS], ['responseTime', MS], ['response_time', MS], ['elapsed', MS],
    ['duration_ms', MS], ['latencyMs', MS], ['elapsed_millis', MS], ['durationMS', MS],
    ['latency_us', MICROSECOND], ['latencyUs', MICROSECOND], ['elapsedMicros', MICROSECOND], ['time_µs', MICROSECOND],
    ['duration_ns', NANOSECOND], ['durationNanos', NANOSECOND], ['event.duration', NANOSECOND],
    ['took_s', SECOND], ['durationSeconds', SECOND], ['elapsed_sec', SECOND], ['request_time', SECOND],
    ['upstream_response_time', SECOND], ['upstream_connect_time', SECOND], ['http.request_time', SECOND],
    ['status', MS], ['durations', MS],
  ])('%s', (name, unit) => {
    expect(durationUnitOf(name)).toBe(unit);
  });

  it('splits the suffix off, keeping the base name', () => {
    expect(unitSuffix('latency_s')).toEqual({ base: 'latency', unit: SECOND });
    expect(unitSuffix('elapsedMicros')).toEqual({ base: 'elapsed', unit: MICROSECOND });
    expect(unitSuffix('http.duration-ms')).toEqual({ base: 'http.duration', unit: MS });
    expect(unitSuffix('status')).toBeNull();
  });
});

describe('readTimeText', () => {
  it('is what readTime uses for strings', () => {
    expect(readTimeText('2015-05-17T10:05:03Z')).toBe(T0);
    expect(readTimeText('1431857103')).toBe(T0);
  });
});

describe('readTime: asctime, log4j2 instants, nanoseconds past 2^53', () => {
  it('reads asctime in any time field: a padded day, a fraction, a zone; no zone is UTC and says so', () => {
    expect(readTime('Sun May 17 10:05:03 2015')).toBe(T0);
    expect(readTime('Sun May 17 10:05:03.250 2015')).toBe(T0 + 250);
    expect(readTime('Sun May  3 10:05:03 2015')).toBe(Date.UTC(2015, 4, 3, 10, 5, 3));
    expect(readTime('Sun May 17 12:05:03 2015 +0200')).toBe(T0);
    const info: TimeInfo = { zoneless: false, epoch: false };
    expect(readTime('Sun Dec 04 04:47:44 2005', info)).toBe(Date.UTC(2005, 11, 4, 4, 47, 44));
    expect(info.zoneless).toBe(true);
  });

  it('refuses asctime that is not one', () => {
    for (const s of ['Sun Foo 17 10:05:03 2015', 'Sun May 32 10:05:03 2015', 'Sun May 17 1005 2015', 'Sun May 17 10:05:03 15', 'Sun May 17 10:05:03 2015x']) {
      expect(readTime(s), s).toBeNaN();
    }
  });

  it("reads log4j2's instant object, keeping the milliseconds", () => {
    expect(readTime({ epochSecond: 1431857103, nanoOfSecond: 250_999_999 })).toBe(T0 + 250);
    expect(readTime({ epochSecond: 1431857103 })).toBe(T0);
    expect(readTime({ epochSecond: '1431857103' })).toBeNaN();
    expect(readTime({ epochSecond: 1431857103, nanoOfSecond: 1e9 })).toBeNaN();
    expect(readTime({ epochSecond: 1.5 })).toBeNaN();
  });

  it('reads a nanosecond number past 2^53 to the millisecond written (Cloudflare EdgeStartTimestamp)', () => {
    expect(readTime(1431857103250000000)).toBe(T0 + 250);
  });
});
