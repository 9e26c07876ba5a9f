// Migration 3: the retention purge looks for a source's events older than a cutoff. With only
// events_by_source (source_id, line) it reads every collected event each hour; this index makes
// the purge read exactly the expired ones.
export default {
  id: 3,
  name: 'source-time',
  sql: `
CREATE INDEX events_by_source_time ON events(source_id, time);
`,
};
