import { describe, expect, it } from 'vitest';
import { csvFormat } from '../../electron/core/importers/formats/csv.js';
import { csvField, CsvReader, detectDelimiter } from '../../electron/core/importers/formats/csv-reader.js';
import { checkSamples, detectionSample as sample, parseWith } from '../helpers/parse-format.js';

const T0 = Date.UTC(2015, 4, 17, 10, 5, 3);

/** All records of `lines`, read with `delim`. */
function records(delim: string, ...lines: string[]): (string[] | null)[] {
  const reader = new CsvReader(delim);
  return lines.map((l) => reader.push(l));
}

describe('csvFormat samples', () => checkSamples(csvFormat));

describe('CsvReader', () => {
  it('splits plain and quoted fields, undoing "" escapes', () => {
    expect(records(',', 'a,"b,c","say ""hi""",,"",d')).toEqual([['a', 'b,c', 'say "hi"', '', '', 'd']]);
  });

  it('keeps a trailing empty field, and reads an empty line as one empty field', () => {
    expect(records(',', 'a,b,', '')).toEqual([['a', 'b', ''], ['']]);
  });

  it('joins a quoted field across lines with \\n', () => {
    expect(records(';', 'x;"one', '', 'three";y')).toEqual([null, null, ['x', 'one\n\nthree', 'y']]);
  });

  it('is lenient the way spreadsheets are: text after a closing quote, quotes inside plain fields', () => {
    expect(records(',', '"ab"cd,e"f"g, "h"')).toEqual([['abcd', 'e"f"g', ' "h"']]);
  });

  it('knows its record text, whether it is open, and forgets on reset', () => {
    const reader = new CsvReader(',');
    expect(reader.push('a,"b')).toBeNull();
    expect(reader.open).toBe(true);
    expect(reader.raw).toBe('a,"b');
    expect(reader.push('c"')).toEqual(['a', 'b\nc']);
    expect(reader.raw).toBe('a,"b\nc"');
    expect(reader.push('"x')).toBeNull();
    reader.reset();
    expect(reader.open).toBe(false);
    expect(reader.push('y,z')).toEqual(['y', 'z']);
  });

  it('detects the delimiter from the header, ignoring quoted ones', () => {
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('a;b;"c,d,e"')).toBe(';');
    expect(detectDelimiter('a\tb\tc,d')).toBe('\t');
    expect(detectDelimiter('a|b|c')).toBe('|');
    expect(detectDelimiter('single')).toBe(',');
  });

  it('quotes only fields that need it', () => {
    expect(['a', 'b,c', 'q"', 'l\nm', ''].map((v) => csvField(v))).toEqual(['a', '"b,c"', '"q"""', '"l\nm"', '']);
    expect(csvField('a;b', ';')).toBe('"a;b"');
  });
});

describe('csvFormat.detect', () => {
  const bench = 'timestamp,level,method,url,status,duration_ms,session_id,user_id,message\n'
    + '2026-11-01T00:00:00.000Z,info,GET,/api/cart,200,12.3,s-1,u-1,"request handled"\n'
    + '2026-11-01T00:00:00.200Z,error,POST,/api/orders,502,1030,s-2,u-2,"upstream failed"\n';

  it('is fairly sure of a header and rows of the same width', () => {
    expect(csvFormat.detect(sample(bench))).toBeCloseTo(0.85);
    expect(csvFormat.detect(sample('Host;Zone;Owner\ndb-1;eu;ops\ndb-2;us;ops\n'))).toBeCloseTo(0.7);
  });

  it('reads quoted line breaks in the sample as part of a row', () => {
    expect(csvFormat.detect(sample('time,msg\n2015-05-17T10:05:03Z,"a\nb"\n2015-05-17T10:05:04Z,c\n'))).toBeGreaterThan(0.5);
  });

  it('does not claim JSON lines, access logs or plain text', () => {
    expect(csvFormat.detect(sample('{"a":1,"b":2}\n{"a":3,"b":4}\n'))).toBe(0);
    expect(csvFormat.detect(sample(
      '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 203 "-" "Mozilla/5.0 (KHTML, like Gecko)"\n'.repeat(3),
    ))).toBe(0);
    expect(csvFormat.detect(sample('2015-05-17 10:05:03,123 INFO Started, version 2\n2015-05-17 10:05:04,456 INFO Ready, ok\n'))).toBe(0);
    expect(csvFormat.detect(sample('hello world\nthis is text\n'))).toBe(0);
  });

  it('needs a header-like first line and at least one row', () => {
    expect(csvFormat.detect(sample('1,2,3\n4,5,6\n'))).toBe(0);
    expect(csvFormat.detect(sample('time,msg\n'))).toBe(0);
    expect(csvFormat.detect(sample('a,"b[0]",c\n1,2,3\n'))).toBe(0);
    expect(csvFormat.detect(sample(''))).toBe(0);
  });

  it('scores ragged tables below the bar', () => {
    expect(csvFormat.detect(sample('a,b,c\n1,2\n1\n1,2,3,4\n1,2,3\n'))).toBeLessThan(0.5);
  });
});

describe('csvFormat parsing', () => {
  it('reports the mapping, delimiter and time notes', () => {
    const r = parseWith(csvFormat, 'time|msg|took_ms\n2015-05-17 10:05:03|a|5\n');
    expect(r.report.mapping).toEqual({ time: 'time', message: 'msg', duration_ms: 'took_ms' });
    expect(r.report.notes).toEqual(expect.arrayContaining(['Fields are separated by "|".', 'Times in "time" have no zone; they are read as UTC.']));
    expect(r.events[0]).toMatchObject({ time: T0, message: 'a', duration_ms: 5 });
  });

  it('reads CRLF files with a byte-order mark, and quoted fields holding CRLF', () => {
    const r = parseWith(csvFormat, '\ufefftime,msg\r\n2015-05-17T10:05:03Z,"a\r\nb"\r\n2015-05-17T10:05:04Z,c\r\n');
    expect(r.bad).toEqual([]);
    expect(r.events.map((e) => [e.message, e.line, e.at.line, e.raw])).toEqual([
      ['a\nb', 2, 2, '2015-05-17T10:05:03Z,"a\nb"'],
      ['c', 4, 4, '2015-05-17T10:05:04Z,c'],
    ]);
    expect(r.events[0]!.at).toMatchObject({ offset: 13, length: 29 });
  });

  it('names blank and repeated headers so every column lands in attrs', () => {
    const r = parseWith(csvFormat, 'time,x,,x, x \n2015-05-17T10:05:03Z,1,2,3,4\n');
    expect(r.events[0]!.attrs).toEqual({ x: '1', column_3: '2', x_2: '3', x_3: '4' });
  });

  it('keeps attrs as text and leaves out empty cells', () => {
    const r = parseWith(csvFormat, 'time,zip,note,count\n2015-05-17T10:05:03Z,01234,,7\n');
    expect(r.events[0]!.attrs).toEqual({ zip: '01234', count: '7' });
  });

  it('trims mapped values, types status and duration, and keeps the unreadable ones in attrs', () => {
    const r = parseWith(csvFormat, 'time,status,duration,method,url\n 2015-05-17T10:05:03Z , 404 ,1.5s,get,/a\n2015-05-17T10:05:04Z,OK,fast,-,/b\n');
    expect(r.events[0]).toMatchObject({ time: T0, status: 404, duration_ms: 1500, method: 'GET', kind: 'api', attrs: null });
    expect(r.events[1]).toMatchObject({ status: null, duration_ms: null, method: null, kind: 'log', attrs: { status: 'OK', duration: 'fast' } });
  });

  it('hashes the client address and takes it out of raw', () => {
    const r = parseWith(csvFormat, 'time,client_ip,path\n2015-05-17T10:05:03Z,192.0.2.44,/x\n');
    const e = r.events[0]!;
    expect(e.ip_hash).toMatch(/^[0-9a-f]+$/);
    expect(e.raw).toBe(`2015-05-17T10:05:03Z,${e.ip_hash},/x`);
    expect(JSON.stringify(e)).not.toContain('192.0.2.44');
  });

  it('skips blank lines between rows but not inside a quoted field', () => {
    const r = parseWith(csvFormat, '\ntime,msg\n\n2015-05-17T10:05:03Z,"a\n\nb"\n\n');
    expect(r.bad).toEqual([]);
    expect(r.events.map((e) => [e.message, e.line])).toEqual([['a\n\nb', 4]]);
  });

  it('gives up on a quote still open after 1 MiB and reads on from the next line', () => {
    const filler = `${'x'.repeat(1000)}\n`.repeat(1100);
    const r = parseWith(csvFormat, `time,msg\n2015-05-17T10:05:03Z,"open\n${filler}2015-05-17T10:05:04Z,after\n`);
    expect(r.bad[0]!.reason).toMatch(/a quoted field opened on line 2 is still open after 1 MiB/);
    expect(r.bad[0]!.at.line).toBe(2);
    expect(r.events.at(-1)).toMatchObject({ message: 'after', time: T0 + 1000 });
  });

  it('reports a file that ends inside a quoted field, at the record start', () => {
    const r = parseWith(csvFormat, 'time,msg\n2015-05-17T10:05:03Z,"open\nmore');
    expect(r.events).toEqual([]);
    expect(r.bad.map((b) => [b.reason, b.at.line])).toEqual([[expect.stringMatching(/ends inside a quoted field/), 2]]);
  });

  it('is content with a header and no rows', () => {
    const r = parseWith(csvFormat, 'time,msg\n');
    expect(r).toMatchObject({ events: [], bad: [], report: { mapping: { time: 'time', message: 'msg' } } });
    expect(parseWith(csvFormat, '')).toMatchObject({ events: [], bad: [], report: {} });
  });

  it('maps the bench generator layout', () => {
    const r = parseWith(csvFormat, 'timestamp,level,method,url,status,duration_ms,session_id,user_id,message\n'
      + '2026-11-01T00:00:00.000Z,info,GET,/api/users/123,200,12.3,s-1,u-1,"request handled"\n');
    expect(r.events[0]).toMatchObject({ kind: 'api', route: '/api/users/:id', status: 200, duration_ms: 12.3, session_id: 's-1', user_id: 'u-1' });
  });
});
