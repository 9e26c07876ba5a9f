// Migration 2: senders that give each event an id (Segment's messageId, PostHog's uuid) retry
// with the same id, so a resend after a lost answer must be stored once. The partial unique
// index costs nothing for the many events that carry no such id.
export default {
  id: 2,
  name: 'dedup-key',
  sql: `
ALTER TABLE events ADD COLUMN dedup_key TEXT;
CREATE UNIQUE INDEX events_by_dedup_key ON events(dedup_key) WHERE dedup_key IS NOT NULL;
`,
};
