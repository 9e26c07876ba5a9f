import { describe, expect, it } from 'vitest';
import type { LineParser } from '../../electron/core/importers/format-types.js';
import { compileLogFormat, LogFormatError } from '../../electron/core/importers/log-format/index.js';
import { lineEvent, parseLine, refusalReason } from '../helpers/log-format.js';
import { testContext } from '../helpers/parse-format.js';

const ctx = testContext();
const iso = (ms: number) => new Date(ms).toISOString();
const timeOf = (p: LineParser, line: string): string => iso(lineEvent(p, line).time);

/** A format of one time field and a status, in the time field's own flavour. */
const withStatus = (timeField: string) => `${timeField} ${timeField.includes('$') ? '$status' : '%>s'}`;

/** The time of `text` read by a format made of that time field and a status. */
function read(timeField: string, text: string): string {
  return iso(parseLine(withStatus(timeField), `${text} 200`).time);
}

function reason(timeField: string, text: string): string {
  return refusalReason(withStatus(timeField), `${text} 200`);
}

function notes(format: string, lines: string[] = []): string[] {
  const p = compileLogFormat(format, ctx);
  for (const l of lines) p.line(l, 1);
  return p.describe?.().notes ?? [];
}

describe('nginx times', () => {
  it('reads $time_local with the offset written in the log', () => {
    expect(read('$time_local', '10/Oct/2000:13:55:36 -0700')).toBe('2000-10-10T20:55:36.000Z');
    expect(read('$time_local', '01/Jan/2016:01:00:00 +0530')).toBe('2015-12-31T19:30:00.000Z');
    expect(read('[$time_local]', '[17/May/2015:10:05:03.25 +0000]')).toBe('2015-05-17T10:05:03.250Z');
  });

  it('does not let one line’s zone leak into the next', () => {
    const p = compileLogFormat('[$time_local] $status', ctx);
    expect(timeOf(p, '[17/May/2015:10:05:03 +0000] 200')).toBe('2015-05-17T10:05:03.000Z');
    expect(timeOf(p, '[17/May/2015:10:05:03 +0100] 200')).toBe('2015-05-17T09:05:03.000Z');
    expect(timeOf(p, '[17/May/2015:10:05:03 +0000] 200')).toBe('2015-05-17T10:05:03.000Z');
  });

  it('reads $time_iso8601 with Z, ±hh:mm, ±hhmm, a fraction or a space', () => {
    expect(read('$time_iso8601', '2000-10-10T13:55:36-07:00')).toBe('2000-10-10T20:55:36.000Z');
    expect(read('$time_iso8601', '2000-10-10T13:55:36+0200')).toBe('2000-10-10T11:55:36.000Z');
    expect(read('$time_iso8601', '2000-10-10T13:55:36.123456Z')).toBe('2000-10-10T13:55:36.123Z');
    expect(read('"$time_iso8601"', '"2000-10-10 13:55:36+00:00"')).toBe('2000-10-10T13:55:36.000Z');
  });

  it('reads an ISO time without a zone as UTC and says so', () => {
    expect(read('$time_iso8601', '2000-10-10T13:55:36')).toBe('2000-10-10T13:55:36.000Z');
    expect(notes('$time_iso8601 $status', ['2000-10-10T13:55:36+02:00 200'])).not.toContain('Times without a zone are read as UTC.');
    expect(notes('$time_iso8601 $status', ['2000-10-10T13:55:36 200'])).toContain('Times without a zone are read as UTC.');
  });

  it('reads $msec exactly, to the millisecond', () => {
    expect(read('$msec', '1431820800.123')).toBe('2015-05-17T00:00:00.123Z');
    expect(read('$msec', '1431820800.999')).toBe('2015-05-17T00:00:00.999Z');
    expect(read('$msec', '1431820800')).toBe('2015-05-17T00:00:00.000Z');
  });

  it('refuses impossible times with the reason', () => {
    expect(reason('$time_local', '29/Feb/2015:10:05:03 +0000')).toBe('invalid time "29/Feb/2015:10:05:03 +0000" at column 1 ($time_local)');
    expect(reason('$time_iso8601', '2015-04-31T10:05:03Z')).toMatch(/^invalid time "2015-04-31T10:05:03Z" at column 1/);
    expect(reason('$time_iso8601', '2015-05-17T24:05:03Z')).toMatch(/^invalid time/);
    expect(reason('$time_iso8601', '2015-05-17T10:05:03+25:00')).toMatch(/^invalid time/);
    expect(read('$time_local', '29/Feb/2016:10:05:03 +0000')).toBe('2016-02-29T10:05:03.000Z');
  });
});

describe('Apache %t and %{...}t', () => {
  it('reads %t with its brackets and the offset', () => {
    expect(read('%t', '[10/Oct/2000:13:55:36 -0700]')).toBe('2000-10-10T20:55:36.000Z');
  });

  it('reads epoch tokens', () => {
    expect(read('%{sec}t', '1431820800')).toBe('2015-05-17T00:00:00.000Z');
    expect(read('%{msec}t', '1431820800123')).toBe('2015-05-17T00:00:00.123Z');
    expect(read('%{usec}t', '1431820800123999')).toBe('2015-05-17T00:00:00.123Z');
  });

  it('joins a time, its fraction and its zone written in separate fields', () => {
    expect(read('[%{%d/%b/%Y:%H:%M:%S}t.%{msec_frac}t %{%z}t]', '[10/Oct/2000:13:55:36.042 -0700]')).toBe('2000-10-10T20:55:36.042Z');
    expect(read('%{%d/%b/%Y %T}t.%{usec_frac}t', '10/Oct/2000 13:55:36.042999')).toBe('2000-10-10T13:55:36.042Z');
    expect(read('%{sec}t.%{msec_frac}t', '1431820800.250')).toBe('2015-05-17T00:00:00.250Z');
    expect(read('%{%Y-%m-%d}t %{%H:%M:%S}t', '2015-05-17 10:05:03')).toBe('2015-05-17T10:05:03.000Z');
  });

  it.each([
    ['%{%Y-%m-%dT%H:%M:%S%z}t', '2015-05-17T12:05:03+02:00', '2015-05-17T10:05:03.000Z'],
    ['%{%Y-%m-%dT%H:%M:%S%z}t', '2015-05-17T10:05:03Z', '2015-05-17T10:05:03.000Z'],
    ['%{%d/%b/%Y:%H:%M:%S %z}t', '17/May/2015:03:05:03 -0700', '2015-05-17T10:05:03.000Z'],
    ['%{%F %T %Z}t', '2015-05-17 10:05:03 UTC', '2015-05-17T10:05:03.000Z'],
    ['%{%F %T %Z}t', '2015-05-17 03:05:03 PDT', '2015-05-17T10:05:03.000Z'],
    ['%{%F %T %Z}t', '2015-05-17 12:05:03 CEST', '2015-05-17T10:05:03.000Z'],
    ['%{%a, %d %b %Y %H:%M:%S GMT}t', 'Sun, 17 May 2015 10:05:03 GMT', '2015-05-17T10:05:03.000Z'],
    ['%{%A %B %e %Y %R}t', 'Sunday May  7 2015 10:05', '2015-05-07T10:05:00.000Z'],
    ['%{%D %T}t', '05/17/15 10:05:03', '2015-05-17T10:05:03.000Z'],
    ['%{%D %T}t', '05/17/99 10:05:03', '1999-05-17T10:05:03.000Z'],
    ['%{%Y %j %H:%M:%S}t', '2015 137 10:05:03', '2015-05-17T10:05:03.000Z'],
    ['%{%Y %j %H:%M:%S}t', '2016 366 10:05:03', '2016-12-31T10:05:03.000Z'],
    ['%{%F %r}t', '2015-05-17 10:05:03 PM', '2015-05-17T22:05:03.000Z'],
    ['%{%F %I:%M %p}t', '2015-05-17 12:30 am', '2015-05-17T00:30:00.000Z'],
    ['%{%F %k:%M}t', '2015-05-17  9:30', '2015-05-17T09:30:00.000Z'],
    ['%{%s}t', '1431857103', '2015-05-17T10:05:03.000Z'],
    ['%{%F}t', '2015-05-17', '2015-05-17T00:00:00.000Z'],
    ['%{%F %T}t', '2016-12-31 23:59:60', '2017-01-01T00:00:00.000Z'],
    ['%{%Y%m%d%H%M%S}t', '20150517100503', '2015-05-17T10:05:03.000Z'],
    ['%{%d.%m.%Y %H:%M:%S (%%)}t', '17.05.2015 10:05:03 (%)', '2015-05-17T10:05:03.000Z'],
  ])('reads %s', (field, text, expected) => {
    expect(read(field, text)).toBe(expected);
  });

  it('reads a strftime time without a zone as UTC, and says so', () => {
    expect(notes('%{%F %T}t %>s')).toContain('Times without a zone are read as UTC.');
    expect(notes('%{%F %T %z}t %>s')).not.toContain('Times without a zone are read as UTC.');
    expect(notes('%t %>s')).not.toContain('Times without a zone are read as UTC.');
    expect(notes('%{sec}t %>s')).not.toContain('Times without a zone are read as UTC.');
  });

  it('rejects times that do not exist or zones it cannot place', () => {
    expect(reason('%{%F %T}t', '2015-02-29 10:05:03')).toMatch(/^invalid time "2015-02-29 10:05:03" at column 1/);
    expect(reason('%{%F %T}t', '2015-13-01 10:05:03')).toMatch(/^invalid time/);
    expect(reason('%{%F %H:%M}t', '2015-05-17 10:61')).toMatch(/^invalid time/);
    expect(reason('%{%F %r}t', '2015-05-17 13:05:03 PM')).toMatch(/^invalid time/);
    expect(reason('%{%d %b %Y}t', '17 Mai 2015')).toMatch(/^invalid time "17 Mai 2015"/);
    expect(reason('%{%F %T %Z}t', '2015-05-17 10:05:03 IST')).toMatch(/^invalid time "2015-05-17 10:05:03 IST"/);
    expect(reason('%{%F %T}t', '-')).toBe('the time is missing ("-") at column 1 (%{%F %T}t)');
  });

  it('uses begin: times over end: times, and says when only the end is known', () => {
    const both = compileLogFormat('%{begin:%F %T %z}t %{end:%F %T %z}t %>s', ctx);
    const r = both.line('2015-05-17 10:05:03 +0000 2015-05-17 10:05:04 +0000 200', 1);
    expect(r).toMatchObject({ ok: true, event: { time: Date.UTC(2015, 4, 17, 10, 5, 3), attrs: { end_time: '2015-05-17 10:05:04 +0000' } } });
    expect(read('%{end:%F %T %z}t', '2015-05-17 10:05:04 +0000')).toBe('2015-05-17T10:05:04.000Z');
    expect(notes('%{end:sec}t %>s')).toContain('Event times are when each request ended (%{end:...}t).');
    expect(read('%{end:}t', '[10/Oct/2000:13:55:36 -0700]')).toBe('2000-10-10T20:55:36.000Z');
  });

  it('keeps a second full time in attrs rather than mixing the two', () => {
    const r = compileLogFormat('%t %{sec}t %>s', ctx).line('[10/Oct/2000:13:55:36 -0700] 1431820800 200', 1);
    expect(r).toMatchObject({ ok: true, event: { time: Date.UTC(2000, 9, 10, 20, 55, 36), attrs: { time: '1431820800' } } });
  });
});

describe('time formats Logbridge refuses', () => {
  it.each(['%c', '%x', '%X', '%U', '%W', '%V', '%G', '%C', '%Ey', '%P', '%+'])('refuses %s with the list of what works', (d) => {
    const format = `%{%F ${d}}t %>s`;
    let err: unknown;
    try {
      compileLogFormat(format, ctx);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LogFormatError);
    expect((err as LogFormatError).message).toMatch(/^The time format %\{.*\}t at position 1 uses %.+, which Logbridge cannot read back; use these instead: %Y /);
  });

  it('refuses a time that gives no date, and a lone % at the end', () => {
    expect(() => compileLogFormat('%{%H:%M:%S}t %>s', ctx)).toThrow(/do not make a full date: add a day, month and year/);
    expect(() => compileLogFormat('%{%d/%b}t %>s', ctx)).toThrow(/do not make a full date/);
    expect(() => compileLogFormat('%{msec_frac}t %{%z}t %>s', ctx)).toThrow(/do not make a full date/);
    expect(() => compileLogFormat('%{%F %}t %>s', ctx)).toThrow(/^The time format %\{%F %\}t ends with a lone "%" \(position 1\)\.$/);
  });
});
