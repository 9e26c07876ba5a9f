// The event catalogue (shared/fields.ts) is the one list of event fields. These checks hold
// every layer that names fields to it: the search language, the event model's `attrs` placement,
// the group-by list, the SQLite store's columns and `--json` (the table's headers:
// renderer-columns.test.ts). A field added to one place only fails here.
import { describe, expect, it } from 'vitest';
import { EVENT_FIELDS, FIELD_BY_NAME, GROUP_FIELDS, MEASURE_FIELDS } from '../../shared/fields.js';
import { ATTR_COLUMNS, LogEventSchema } from '../../shared/events.js';
import { FIELDS } from '../../electron/core/query/ast.js';
import { FIELD_NAMES, parseQuery } from '../../electron/core/query/parse.js';
import { eventToJson } from '../../electron/cli/format.js';
import {
  EVENT_SELECT_LIST,
  PLAIN_NUMBER_FIELDS,
  PLAIN_TEXT_FIELDS,
  STRING_FIELDS,
} from '../../electron/core/store/sqlite/event-columns.js';

const names = EVENT_FIELDS.map((f) => f.name);
const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('the catalogue itself', () => {
  it('gives every name and alias to one field only', () => {
    const all = EVENT_FIELDS.flatMap((f) => [f.name, ...f.aliases].map((n) => n.toLowerCase()));
    expect(all.filter((n, i) => all.indexOf(n) !== i)).toEqual([]);
  });

  it('is what FIELD_BY_NAME looks up', () => {
    expect(sorted(FIELD_BY_NAME.keys())).toEqual(sorted(names));
    for (const f of EVENT_FIELDS) expect(FIELD_BY_NAME.get(f.name)).toBe(f);
  });

  it('gives units only to numbers, and measures only numbers and times', () => {
    expect(EVENT_FIELDS.filter((f) => f.unit !== null && f.type !== 'number').map((f) => f.name)).toEqual([]);
    expect(MEASURE_FIELDS.filter((m) => !['number', 'time'].includes(FIELD_BY_NAME.get(m)?.type ?? ''))).toEqual([]);
  });
});

describe('the search language', () => {
  it('knows exactly the catalogue’s names and aliases, each for its own field', () => {
    const expected = EVENT_FIELDS.flatMap((f) => [f.name, ...f.aliases].map((n): [string, string] => [n.toLowerCase(), f.name]));
    expect(sorted([...FIELD_NAMES].map(([n, f]) => `${n}->${f}`))).toEqual(sorted(expected.map(([n, f]) => `${n}->${f}`)));
  });

  it('takes each field’s type from the catalogue', () => {
    expect(sorted(Object.keys(FIELDS))).toEqual(sorted(names));
    for (const f of EVENT_FIELDS) expect(FIELDS[f.name].type).toBe(f.type);
  });

  it('parses every name and alias as its field', () => {
    for (const [name, field] of FIELD_NAMES) {
      expect(parseQuery(`${name}:*`), name).toMatchObject({ type: 'field', field });
    }
  });

  it('refuses names the catalogue does not have', () => {
    expect(() => parseQuery('colour:red')).toThrow(/Unknown field "colour"/);
  });
});

describe('the event model', () => {
  it('carries the catalogue’s attrs fields inside attrs (ATTR_COLUMNS)', () => {
    expect([...ATTR_COLUMNS]).toEqual(EVENT_FIELDS.filter((f) => f.placement === 'attrs').map((f) => f.name));
  });

  it('has a top-level key for each of the catalogue’s top fields, and no other field', () => {
    const keys = Object.keys(LogEventSchema.shape).filter((k) => k !== 'attrs' && k !== 'session_derived');
    expect(sorted(keys)).toEqual(sorted(EVENT_FIELDS.filter((f) => f.placement === 'top').map((f) => f.name)));
  });
});

describe('aggregates', () => {
  it('group by the facetable fields and the status class, nothing else', () => {
    expect([...GROUP_FIELDS]).toEqual([...EVENT_FIELDS.filter((f) => f.facetable).map((f) => f.name), 'status_class']);
  });
});

describe('the SQLite store (store/sqlite/event-columns.ts)', () => {
  it('has a column for every catalogue field, of the catalogue’s type', () => {
    const numbers: readonly string[] = PLAIN_NUMBER_FIELDS;
    const texts: readonly string[] = [...PLAIN_TEXT_FIELDS, ...STRING_FIELDS];
    for (const f of EVENT_FIELDS) {
      if (numbers.includes(f.name)) expect(f.type, f.name).toBe('number');
      if (texts.includes(f.name)) expect(f.type, f.name).toBe('text');
    }
    // Every field is read back by the events SELECT, as a column of its own or by its name.
    const missing = names.filter((n) => !new RegExp(`(\\be\\.${n}\\b|\\bAS ${n}\\b)`).test(EVENT_SELECT_LIST));
    expect(missing).toEqual([]);
  });

  it('stores no field the catalogue does not name', () => {
    const stored = [...PLAIN_NUMBER_FIELDS, ...PLAIN_TEXT_FIELDS, ...STRING_FIELDS];
    expect(stored.filter((f) => !FIELD_BY_NAME.has(f))).toEqual([]);
  });
});

describe('`--json` (electron/cli/format.ts)', () => {
  it('prints keys in the catalogue’s order, the derived flag beside its session, attrs last', () => {
    const e = {
      attrs: { z: 1, referrer: 'r', ip_hash: 'h', resp_bytes: 5 },
      message: 'm',
      session_derived: true,
      status: 200,
      session_id: 's',
      kind: 'api' as const,
      time: 0,
      id: '1',
    };
    const json = eventToJson(e as unknown as Parameters<typeof eventToJson>[0]);
    expect(Object.keys(json)).toEqual(['id', 'time', 'kind', 'session_id', 'session_derived', 'status', 'message', 'attrs']);
    expect(Object.keys(json.attrs as object)).toEqual(['resp_bytes', 'ip_hash', 'referrer', 'z']);
    expect(json.time).toBe('1970-01-01T00:00:00.000Z');
  });
});
