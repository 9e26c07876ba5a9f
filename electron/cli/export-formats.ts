// `logbridge query --format`: events as lines (default), or one of the export formats the UI
// writes too (core/export/formats.ts), one at a time so every match can stream out.
import { EXPORT_FORMATS as FILE_FORMATS } from '../../shared/export.js';
import { exportWriter, type Writer } from '../core/export/formats.js';
import { eventToLine } from './format.js';

export { csvCell, type Writer } from '../core/export/formats.js';

export const EXPORT_FORMATS = ['lines', ...FILE_FORMATS] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function writerFor(format: ExportFormat): Writer {
  if (format === 'lines') return { head: () => [], event: (e) => [eventToLine(e)], tail: () => [] };
  return exportWriter(format);
}
