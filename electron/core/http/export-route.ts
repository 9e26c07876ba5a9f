// GET /export/<ticket>: a one-time download of an export the UI asked for with export.start.
// The ticket is the authorisation (a browser's own download cannot send the UI secret's
// header); it works once and expires in a minute. The body streams page by page with
// backpressure, so a million rows never sit in the server's memory.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpError } from '../net/body.js';

export interface ExportDownload {
  fileName: string;
  contentType: string;
  chunks: AsyncIterable<string>;
}

export interface ExportHost {
  claimExport(token: string): ExportDownload | null;
}

export const EXPORT_PREFIX = '/export/';

export async function handleExport(token: string, req: IncomingMessage, res: ServerResponse, host: ExportHost): Promise<void> {
  if (req.method !== 'GET') throw new HttpError(405, 'Use GET for /export downloads.');
  // Checked for shape first: a malformed token is not worth a lookup, and claiming consumes.
  const download = /^[A-Za-z0-9_-]{20,64}$/.test(token) ? host.claimExport(token) : null;
  if (!download) throw new HttpError(404, 'This export link was used already or has expired; export again from the app.');
  res.writeHead(200, {
    'Content-Type': download.contentType,
    // The name is ours (logbridge-<time>.<format>): nothing from the data goes into a header.
    'Content-Disposition': `attachment; filename="${download.fileName}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  // pipeline waits for the socket to drain before asking for the next page, and stops asking
  // (ending the search) when the browser cancels the download.
  await pipeline(Readable.from(download.chunks), res);
}
