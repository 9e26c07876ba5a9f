// Every migration, in order. Append new ones; never edit or reorder applied ones.
import events from './001-events.js';
import dedupKey from './002-dedup-key.js';
import sourceTime from './003-source-time.js';
import dictionary from './004-dictionary.js';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [events, dedupKey, sourceTime, dictionary];
