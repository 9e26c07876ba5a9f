// The session id and the identified user, kept in web storage so they survive reloads and
// are shared by the tabs of one site. A session ends after a stretch without user activity;
// background API calls read the id but do not keep a session alive, or a polling app would
// never start a new one.

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface SessionOptions {
  /** Null when the page has no usable storage: ids then live for this page only. */
  storage: KeyValueStore | null;
  now: () => number;
  timeoutMs: () => number;
  newId?: () => string;
}

export interface Session {
  /** The current id; a new one if the last activity is too long ago. Does not count as activity. */
  id(): string;
  /** The id for a user action: rotates if idle too long, then records the activity. */
  touch(): string;
  userId(): string | undefined;
  setUserId(id: string | undefined): void;
}

export const SESSION_KEY = 'logbridge_session';
export const USER_KEY = 'logbridge_user';

interface Stored {
  id: string;
  /** Last user activity, epoch ms. */
  last: number;
}

/** 128 random bits as hex; getRandomValues also works outside secure contexts, unlike randomUUID. */
export function randomId(): string {
  const bytes = new Uint8Array(16);
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  let hex = '';
  for (const b of bytes) hex += (b < 16 ? '0' : '') + b.toString(16);
  return hex;
}

function parse(text: string | null): Stored | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object') {
      const { id, last } = v as Record<string, unknown>;
      if (typeof id === 'string' && id && typeof last === 'number' && Number.isFinite(last)) return { id, last };
    }
  } catch {
    // Someone else's value under our key: start over.
  }
  return null;
}

export function createSession(opts: SessionOptions): Session {
  const newId = opts.newId ?? randomId;
  // Storage can throw (quota, privacy modes, sandboxed frames); memory is the fallback.
  let memory: Stored | null = null;
  let memoryUser: string | undefined;
  const read = (key: string): string | null => {
    try {
      return opts.storage ? opts.storage.getItem(key) : null;
    } catch {
      return null;
    }
  };
  const write = (key: string, value: string | null): void => {
    try {
      if (!opts.storage) return;
      if (value === null) opts.storage.removeItem(key);
      else opts.storage.setItem(key, value);
    } catch {
      // Memory keeps working.
    }
  };

  const current = (activity: boolean): string => {
    const now = opts.now();
    // Storage first: another tab may have rotated or extended the session.
    let s = parse(read(SESSION_KEY)) ?? memory;
    // A clock that went backwards (or a stored time from the future) counts as idle too.
    const idle = s ? now - s.last : Infinity;
    if (!s || idle > opts.timeoutMs() || idle < -opts.timeoutMs()) s = { id: newId(), last: now };
    else if (activity) s = { id: s.id, last: now };
    else {
      memory = s;
      return s.id;
    }
    memory = s;
    write(SESSION_KEY, JSON.stringify(s));
    return s.id;
  };

  return {
    id: () => current(false),
    touch: () => current(true),
    userId: () => read(USER_KEY) ?? memoryUser,
    setUserId(id) {
      memoryUser = id;
      write(USER_KEY, id ?? null);
    },
  };
}
