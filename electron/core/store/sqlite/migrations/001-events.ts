// Migration 1: sources and the one event table family. Never edit an applied migration:
// the runner records each migration's hash and refuses a database whose history differs.
export default {
  id: 1,
  name: 'events',
  sql: `
-- Small per-database facts, such as the key that hashes IPs of imported files.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('collector', 'file')),
  name TEXT NOT NULL,
  format TEXT,
  imported INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('api', 'user', 'log')),
  session_id TEXT,
  user_id TEXT,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  line INTEGER,
  method TEXT,
  url TEXT,
  route TEXT,
  status INTEGER,
  duration_ms REAL,
  req_bytes INTEGER,
  resp_bytes INTEGER,
  ip_hash TEXT,
  user_agent TEXT,
  referrer TEXT,
  type TEXT,
  page TEXT,
  target TEXT,
  level TEXT,
  message TEXT,
  trace_id TEXT,
  span_id TEXT,
  attrs TEXT,
  raw TEXT NOT NULL
);

CREATE INDEX events_by_time ON events(time, id);
CREATE INDEX events_by_session ON events(session_id, time) WHERE session_id IS NOT NULL;
CREATE INDEX events_by_status ON events(status, time) WHERE status IS NOT NULL;
CREATE INDEX events_by_route ON events(route, method) WHERE route IS NOT NULL;
CREATE INDEX events_by_source ON events(source_id, line);

-- Full text over the searchable fields of each event; contentless, keyed by events.id.
CREATE VIRTUAL TABLE events_fts USING fts5(body, content='', contentless_delete=1);
`,
};
