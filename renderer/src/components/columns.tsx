// The table's columns. Module-level and static: TanStack rebuilds row models whenever the
// columns array changes identity. A column showing one field is headed by that field's label in
// the event catalogue (shared/fields.ts); a column combining fields names its own.
import { columnSizingFeature, createColumnHelper, metaHelper, tableFeatures } from '@tanstack/react-table';
import type { LogEvent } from '../../../shared/events.js';
import { FIELD_BY_NAME, type EventFieldName } from '../../../shared/fields.js';
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

const label = (field: EventFieldName): string => FIELD_BY_NAME.get(field)?.label ?? field;

export const columns = helper.columns([
  helper.accessor('time', {
    id: 'time',
    header: () => <TimeHeader label={label('time')} />,
    size: 184,
    cell: (ctx) => <Time ms={ctx.getValue()} />,
  }),
  helper.accessor('kind', {
    id: 'kind',
    header: label('kind'),
    size: 56,
    cell: (ctx) => <KindBadge event={ctx.row.original} />,
  }),
  helper.accessor((e) => actionOf(e), {
    id: 'method',
    header: 'Method / type',
    size: 120,
    cell: (ctx) => <ActionCell event={ctx.row.original} />,
  }),
  helper.accessor((e) => targetOf(e), {
    id: 'target',
    header: 'Route / page / message',
    size: 200,
    meta: { grow: true },
    cell: (ctx) => <TargetCell event={ctx.row.original} />,
  }),
  helper.accessor('status', {
    id: 'status',
    header: label('status'),
    size: 60,
    meta: { align: 'end' },
    cell: (ctx) => <StatusCell status={ctx.getValue()} />,
  }),
  helper.accessor('duration_ms', {
    id: 'duration',
    header: label('duration_ms'),
    size: 84,
    meta: { align: 'end' },
    cell: (ctx) => <DurationCell ms={ctx.getValue()} />,
  }),
  helper.accessor('session_id', {
    id: 'session',
    header: label('session_id'),
    // Room for a short id and its "derived" badge.
    size: 140,
    cell: (ctx) => <SessionCell id={ctx.getValue()} derived={ctx.row.original.session_derived} />,
  }),
]);
