// Values that travel beside the SQL text, never inside it. Statements are written with
// ClickHouse's `{name:Type}` placeholders. A server that binds query parameters (19.x on) gets
// them as query_params; older servers (Debian's 18.16) do not know them, and there each
// placeholder becomes a typed literal here: strings with every quote, backslash and control
// character escaped, numbers checked to be numbers. Either way the statement's text is ours.
export type ParamType = 'String' | 'Int64' | 'UInt64' | 'Float64' | 'Array(String)' | 'Array(UInt64)';

type ParamValue = string | number | readonly string[];

export class SqlParams {
  private readonly values = new Map<string, { type: ParamType; value: ParamValue }>();

  /** A placeholder for `value`, added to these parameters. */
  add(type: 'String', value: string): string;
  add(type: 'Int64' | 'Float64', value: number): string;
  /** UInt64 travels as decimal text: ids do not fit a double. */
  add(type: 'UInt64', value: string): string;
  add(type: 'Array(String)' | 'Array(UInt64)', value: readonly string[]): string;
  add(type: ParamType, value: ParamValue): string {
    checkValue(type, value);
    const name = `p${this.values.size}`;
    this.values.set(name, { type, value });
    return `{${name}:${type}}`;
  }

  /** For a client that binds: name -> value. */
  queryParams(): Record<string, string | number | string[]> {
    const out: Record<string, string | number | string[]> = {};
    for (const [name, { value }] of this.values) out[name] = typeof value === 'object' ? [...value] : value;
    return out;
  }

  /** The statement with each of these placeholders replaced by its literal. */
  inline(sql: string): string {
    // One pass over our own text: a literal put in is never scanned again.
    return sql.replace(/\{(p\d+):([A-Za-z0-9()]+)\}/g, (whole, name: string, type: string) => {
      const p = this.values.get(name);
      if (!p || p.type !== type) throw new Error(`SQL placeholder ${whole} has no parameter`);
      return literal(p.type, p.value);
    });
  }

  /** A copy to add more to, leaving these as they are (a statement run several ways). */
  clone(): SqlParams {
    const copy = new SqlParams();
    for (const [name, v] of this.values) copy.values.set(name, v);
    return copy;
  }

  get size(): number {
    return this.values.size;
  }
}

const UINT64_MAX = 18446744073709551615n;

function checkValue(type: ParamType, value: ParamValue): void {
  const bad = () => new TypeError(`A ${type} query parameter cannot be ${JSON.stringify(value)}`);
  switch (type) {
    case 'String':
      if (typeof value !== 'string') throw bad();
      return;
    case 'Int64':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw bad();
      return;
    case 'Float64':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad();
      return;
    case 'UInt64':
      if (typeof value !== 'string' || !isUInt64Text(value)) throw bad();
      return;
    case 'Array(String)':
    case 'Array(UInt64)':
      // An empty array literal has no element type on old servers; callers skip the condition.
      if (!Array.isArray(value) || value.length === 0) throw bad();
      for (const v of value as readonly unknown[]) {
        if (typeof v !== 'string' || (type === 'Array(UInt64)' && !isUInt64Text(v))) throw bad();
      }
      return;
  }
}

/** Decimal text of a number from 0 to 2^64 - 1. */
export function isUInt64Text(text: string): boolean {
  return /^(0|[1-9]\d{0,19})$/.test(text) && BigInt(text) <= UINT64_MAX;
}

function literal(type: ParamType, value: ParamValue): string {
  switch (type) {
    case 'String':
      return stringLiteral(value as string);
    case 'Int64':
      return `toInt64(${String(value)})`;
    case 'UInt64':
      return `toUInt64(${value as string})`;
    case 'Float64':
      return `toFloat64(${floatText(value as number)})`;
    case 'Array(String)':
      return `[${(value as readonly string[]).map(stringLiteral).join(', ')}]`;
    case 'Array(UInt64)':
      // Bare numbers make a constant array; `[toUInt64(1), ...]` is built again for every row
      // (measured 4x slower on a page of 100 ids).
      return `CAST([${(value as readonly string[]).join(', ')}] AS Array(UInt64))`;
  }
}

/** A finite double as SQL number text that reads back as the same double. */
function floatText(n: number): string {
  // String(1e21) is "1e+21"; ClickHouse reads exponents without the plus sign too.
  return String(n).replace('e+', 'e');
}

/**
 * A quoted ClickHouse string literal. Only `'` and `\` are special inside quotes; control
 * characters are escaped too, so the statement stays one readable line in server logs.
 */
export function stringLiteral(s: string): string {
  let out = "'";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x27) out += "\\'";
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += s[i];
  }
  return `${out}'`;
}
