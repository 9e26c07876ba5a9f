// Every migration, in order. Append new ones; never edit or reorder applied ones.
import events from './001-events.js';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [events];
