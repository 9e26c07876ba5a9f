// The table's columns. Module-level and static: TanStack rebuilds row models whenever the
// columns array changes identity.
import { columnSizingFeature, createColumnHelper, metaHelper, tableFeatures } from '@tanstack/react-table';
import type { LogEvent } from '../../../shared/events.js';
import { Time, TimeHeader } from '../lib/time-zone.js';
import { ActionCell, DurationCell, KindBadge, SessionCell, StatusCell, TargetCell, actionOf, targetOf } from './cells.js';

export interface LogColumnMeta {
  align?: 'end';
  /** Takes the width left over by the fixed columns. */
  grow?: boolean;
}

export const features = tableFeatures({
  columnSizingFeature,
  columnMeta: metaHelper<LogColumnMeta>(),
});

const helper = createColumnHelper<typeof features, LogEvent>();

export const columns = helper.columns([
  helper.accessor('time', {
    id: 'time',
    header: () => <TimeHeader />,
    size: 200,
    cell: (ctx) => <Time ms={ctx.getValue()} />,
  }),
  helper.accessor('kind', {
    id: 'kind',
    header: 'Kind',
    size: 60,
    cell: (ctx) => <KindBadge kind={ctx.getValue()} />,
  }),
  helper.accessor((e) => actionOf(e), {
    id: 'method',
    header: 'Method / type',
    size: 136,
    cell: (ctx) => <ActionCell event={ctx.row.original} />,
  }),
  helper.accessor((e) => targetOf(e), {
    id: 'target',
    header: 'Route / page / message',
    size: 280,
    meta: { grow: true },
    cell: (ctx) => <TargetCell event={ctx.row.original} />,
  }),
  helper.accessor('status', {
    id: 'status',
    header: 'Status',
    size: 62,
    meta: { align: 'end' },
    cell: (ctx) => <StatusCell status={ctx.getValue()} />,
  }),
  helper.accessor('duration_ms', {
    id: 'duration',
    header: 'Duration',
    size: 92,
    meta: { align: 'end' },
    cell: (ctx) => <DurationCell ms={ctx.getValue()} />,
  }),
  helper.accessor('session_id', {
    id: 'session',
    header: 'Session',
    // Room for a short id and its "derived" badge.
    size: 168,
    cell: (ctx) => <SessionCell id={ctx.getValue()} derived={ctx.row.original.session_derived} />,
  }),
]);
