// Migration 4: repeated strings are stored once. An access log repeats the same URLs, agents,
// referrers and attribute objects endlessly; keeping each as text in every row cost ~790 bytes
// an event. Now text columns hold ids into `strings`, the full-text index covers each distinct
// string once (not each event), and imported files keep no copy of their lines: an event
// points back into its file by byte offset and length, the way lnav reads its files in place.
// Collected events still keep their raw payload (there is no file to point into).
//
// The secondary indexes of events are listed in store/event-indexes.ts as well: a big import
// drops them and builds them again after loading, and opening a store rebuilds any missing.
export default {
  id: 4,
  name: 'dictionary',
  sql: `
CREATE TABLE strings (
  id INTEGER PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE UNIQUE INDEX strings_by_value ON strings(value);

-- The words of each distinct string; contentless and keyed by strings.id. For an attribute
-- object the words are its values, not its keys.
CREATE VIRTUAL TABLE strings_fts USING fts5(body, content='', contentless_delete=1);

ALTER TABLE sources ADD COLUMN path TEXT;
ALTER TABLE sources ADD COLUMN size INTEGER;
ALTER TABLE sources ADD COLUMN mtime_ms INTEGER;
ALTER TABLE sources ADD COLUMN head_hash TEXT;
-- How far the file was read (bytes, lines): a file that grew is read on from here.
ALTER TABLE sources ADD COLUMN read_bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN read_lines INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN options TEXT;
ALTER TABLE sources ADD COLUMN state TEXT NOT NULL DEFAULT 'done'
  CHECK (state IN ('importing', 'done', 'cancelled', 'failed'));
ALTER TABLE sources ADD COLUMN report TEXT;

INSERT OR IGNORE INTO strings (value)
  SELECT v FROM (
    SELECT session_id AS v FROM events UNION SELECT user_id FROM events UNION SELECT method FROM events
    UNION SELECT url FROM events UNION SELECT route FROM events UNION SELECT ip_hash FROM events
    UNION SELECT user_agent FROM events UNION SELECT referrer FROM events UNION SELECT type FROM events
    UNION SELECT page FROM events UNION SELECT target FROM events UNION SELECT level FROM events
    UNION SELECT message FROM events UNION SELECT attrs FROM events
  ) WHERE v IS NOT NULL;

INSERT INTO strings_fts (rowid, body)
  SELECT s.id, CASE WHEN s.value LIKE '{%' AND json_valid(s.value)
    THEN (SELECT group_concat(t.atom, ' ') FROM json_tree(s.value) t WHERE t.atom IS NOT NULL AND t.type <> 'null')
    ELSE s.value END
  FROM strings s;

CREATE TABLE events_v4 (
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  -- No CHECK on kind: it cost 0.7 s per million rows of a bulk load (measured); the writers
  -- only ever write api, user or log (KIND_CODES, NewEvent's type).
  kind TEXT NOT NULL,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  line INTEGER,
  byte_offset INTEGER,
  byte_length INTEGER,
  -- A dictionary ref, or below 0 a derived session (store/derived-sessions.ts).
  session_ref INTEGER,
  user_ref INTEGER,
  method_ref INTEGER,
  url_ref INTEGER,
  route_ref INTEGER,
  status INTEGER,
  duration_ms REAL,
  req_bytes INTEGER,
  resp_bytes INTEGER,
  ip_ref INTEGER,
  user_agent_ref INTEGER,
  referrer_ref INTEGER,
  type_ref INTEGER,
  page_ref INTEGER,
  target_ref INTEGER,
  level_ref INTEGER,
  message_ref INTEGER,
  trace_id TEXT,
  span_id TEXT,
  attrs_ref INTEGER,
  raw TEXT,
  dedup_key TEXT
);

INSERT INTO events_v4 (id, time, kind, source_id, line, session_ref, user_ref, method_ref, url_ref, route_ref, status,
  duration_ms, req_bytes, resp_bytes, ip_ref, user_agent_ref, referrer_ref, type_ref, page_ref, target_ref, level_ref,
  message_ref, trace_id, span_id, attrs_ref, raw, dedup_key)
SELECT e.id, e.time, e.kind, e.source_id, e.line,
  (SELECT id FROM strings WHERE value = e.session_id), (SELECT id FROM strings WHERE value = e.user_id),
  (SELECT id FROM strings WHERE value = e.method), (SELECT id FROM strings WHERE value = e.url),
  (SELECT id FROM strings WHERE value = e.route), e.status, e.duration_ms, e.req_bytes, e.resp_bytes,
  (SELECT id FROM strings WHERE value = e.ip_hash), (SELECT id FROM strings WHERE value = e.user_agent),
  (SELECT id FROM strings WHERE value = e.referrer), (SELECT id FROM strings WHERE value = e.type),
  (SELECT id FROM strings WHERE value = e.page), (SELECT id FROM strings WHERE value = e.target),
  (SELECT id FROM strings WHERE value = e.level), (SELECT id FROM strings WHERE value = e.message),
  e.trace_id, e.span_id, (SELECT id FROM strings WHERE value = e.attrs), e.raw, e.dedup_key
FROM events e;

DROP TABLE events_fts;
DROP TABLE events;
ALTER TABLE events_v4 RENAME TO events;

CREATE INDEX events_by_time ON events(time);
CREATE INDEX events_by_session ON events(session_ref) WHERE session_ref IS NOT NULL;
CREATE INDEX events_by_status ON events(status) WHERE status IS NOT NULL;
CREATE INDEX events_by_route ON events(route_ref, method_ref) WHERE route_ref IS NOT NULL;
CREATE INDEX events_collected_by_time ON events(source_id, time) WHERE raw IS NOT NULL;
CREATE UNIQUE INDEX events_by_dedup_key ON events(dedup_key) WHERE dedup_key IS NOT NULL;

-- Events with their texts, for people reading the database with sqlite3 (and for tests); the
-- app itself reads the dictionary columns directly so that filters can use the indexes.
CREATE VIEW events_view AS SELECT e.id, e.time, e.kind, e.source_id, e.line, e.byte_offset, e.byte_length,
  e.session_ref < 0 AS session_derived, e.status, e.duration_ms, e.req_bytes, e.resp_bytes, e.trace_id, e.span_id, e.raw, e.dedup_key,
  CASE WHEN e.session_ref < 0
    THEN 'd' || ((-e.session_ref) / 4294967296) || '-' || ((-e.session_ref) % 4294967296)
    ELSE (SELECT value FROM strings WHERE id = e.session_ref) END AS session_id,
  (SELECT value FROM strings WHERE id = e.user_ref) AS user_id,
  (SELECT value FROM strings WHERE id = e.method_ref) AS method,
  (SELECT value FROM strings WHERE id = e.url_ref) AS url,
  (SELECT value FROM strings WHERE id = e.route_ref) AS route,
  (SELECT value FROM strings WHERE id = e.ip_ref) AS ip_hash,
  (SELECT value FROM strings WHERE id = e.user_agent_ref) AS user_agent,
  (SELECT value FROM strings WHERE id = e.referrer_ref) AS referrer,
  (SELECT value FROM strings WHERE id = e.type_ref) AS type,
  (SELECT value FROM strings WHERE id = e.page_ref) AS page,
  (SELECT value FROM strings WHERE id = e.target_ref) AS target,
  (SELECT value FROM strings WHERE id = e.level_ref) AS level,
  (SELECT value FROM strings WHERE id = e.message_ref) AS message,
  (SELECT value FROM strings WHERE id = e.attrs_ref) AS attrs
FROM events e;
`,
};
