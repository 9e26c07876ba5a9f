// The store URL, `clickhouse://[user[:password]@]host[:port]/database`: where the server's HTTP
// interface listens and which database holds Logbridge's tables. The database name is the one
// piece of it that ends up in SQL text (CREATE DATABASE, table names), so it is held to plain
// identifier characters here rather than quoted later.
import { z } from 'zod';

export interface ClickHouseTarget {
  /** The HTTP interface, e.g. http://127.0.0.1:8123. */
  httpUrl: string;
  username: string;
  password: string;
  database: string;
  /** The URL as messages show it: everything but the password. */
  location: string;
}

/** Default HTTP port of clickhouse-server. */
export const DEFAULT_HTTP_PORT = 8123;

const DATABASE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const UrlText = z
  .string()
  .regex(/^clickhouse:\/\//i, 'a ClickHouse store URL starts with clickhouse://')
  .transform((text, ctx) => {
    // WHATWG URL leaves a non-special scheme's host alone; read it as http to get host and port parsed.
    const parsed = URL.parse(`http://${text.slice('clickhouse://'.length)}`);
    if (!parsed || parsed.hostname === '') {
      ctx.addIssue({ code: 'custom', message: 'a ClickHouse store is clickhouse://[user[:password]@]host:port/database' });
      return z.NEVER;
    }
    return parsed;
  });

/** A store URL read into what the adapter connects with (zod: the CLI's --store reads it too). */
export const ClickHouseTargetSchema = UrlText.transform((url, ctx): ClickHouseTarget => {
  const database = decodeURIComponent(url.pathname.replace(/^\//, '').replace(/\/$/, ''));
  if (!DATABASE.test(database)) {
    ctx.addIssue({
      code: 'custom',
      message:
        database === ''
          ? 'the ClickHouse URL names no database; add one, e.g. clickhouse://127.0.0.1:8123/logbridge'
          : `"${database}" is not a database name Logbridge uses; take letters, digits and _ (not first a digit), at most 64`,
    });
    return z.NEVER;
  }
  if (url.search !== '' || url.hash !== '') {
    ctx.addIssue({ code: 'custom', message: 'the ClickHouse URL takes no ?options or #fragment' });
    return z.NEVER;
  }
  const port = url.port === '' ? DEFAULT_HTTP_PORT : Number(url.port);
  const username = decodeURIComponent(url.username) || 'default';
  const host = url.hostname;
  const userPart = url.username === '' ? '' : `${url.username}@`;
  return {
    httpUrl: `http://${host}:${port}`,
    username,
    password: decodeURIComponent(url.password),
    database,
    location: `clickhouse://${userPart}${host}:${port}/${database}`,
  };
});

/** Reads a store URL; throws an Error whose message says what is wrong with it. */
export function parseClickHouseUrl(text: string): ClickHouseTarget {
  const r = ClickHouseTargetSchema.safeParse(text);
  if (!r.success) throw new Error(`Cannot use the store ${redactPassword(text)}: ${r.error.issues[0]?.message ?? 'not a ClickHouse URL'}.`);
  return r.data;
}

/** The URL with any password replaced, for messages about a URL that did not parse. */
function redactPassword(text: string): string {
  return text.replace(/^(clickhouse:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}
