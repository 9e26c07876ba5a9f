// Every wire format the collector speaks, by path.
import type { WireFormat } from '../ingest-types.js';
import { apiLogFormat } from './api-log.js';
import { otlpLogsFormat, otlpTracesFormat } from './otlp.js';
import { posthogFormat } from './posthog.js';
import { seedBatchFormat, seedCollectFormat } from './seed.js';
import { segmentFormat } from './segment.js';

export const WIRE_FORMATS: readonly WireFormat[] = [
  seedCollectFormat, seedBatchFormat, apiLogFormat, segmentFormat, posthogFormat,
  otlpTracesFormat, otlpLogsFormat,
];

const byPath = new Map<string, WireFormat>();
for (const f of WIRE_FORMATS) for (const p of f.paths) byPath.set(p, f);

export function formatForPath(path: string): WireFormat | undefined {
  return byPath.get(path);
}
