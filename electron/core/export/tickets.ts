// One-time download tickets for browser mode. A browser saves a download natively only from a
// plain GET it makes itself, which cannot carry the UI secret's Authorization header; and the
// long-lived secret must never sit in a URL (history, logs). So an authenticated RPC hands out a
// random ticket that names one export, works once, and expires within a minute.
import { randomBytes } from 'node:crypto';
import type { ExportFormat } from '../../../shared/export.js';
import type { ExportQuery } from './export-stream.js';

export interface ExportTicket {
  query: ExportQuery;
  format: ExportFormat;
  fileName: string;
}

export interface ExportTickets {
  issue(ticket: ExportTicket): string;
  /** The ticket, removed so it cannot be used again; null when unknown, used or expired. */
  claim(token: string): ExportTicket | null;
}

export const TICKET_TTL_MS = 60_000;
/** Tickets waiting at once: a page asking in a loop cannot grow the server's memory. */
const MAX_WAITING = 100;

export function createExportTickets(now: () => number = Date.now): ExportTickets {
  const waiting = new Map<string, ExportTicket & { expires: number }>();
  const dropExpired = () => {
    const t = now();
    for (const [token, ticket] of waiting) if (ticket.expires <= t) waiting.delete(token);
  };
  return {
    issue(ticket) {
      dropExpired();
      // The oldest goes first: Map keeps insertion order.
      if (waiting.size >= MAX_WAITING) waiting.delete(waiting.keys().next().value as string);
      const token = randomBytes(24).toString('base64url');
      waiting.set(token, { ...ticket, expires: now() + TICKET_TTL_MS });
      return token;
    },
    claim(token) {
      dropExpired();
      const ticket = waiting.get(token);
      if (!ticket) return null;
      waiting.delete(token);
      return { query: ticket.query, format: ticket.format, fileName: ticket.fileName };
    },
  };
}
