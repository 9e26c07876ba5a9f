// The table's columns. Module-level and static: TanStack rebuilds row models whenever the
// columns array changes identity. A column showing one field is headed by that field's label in
// the event catalogue (shared/fields.ts); a column combining fields names its own.
import { columnSizingFeature, createColumnHelper, metaHelper, tableFeatures } from '@tanstack/react-table';
import type { LogEvent } from '../../../shared/events.js';
import type { SortDir, SortField } from '../../../shared/sort.js';
import { FIELD_BY_NAME, type EventFieldName } from '../../../shared/fields.js';
import { Time, TimeHeader } from '../lib/time-zone.js';
import { ActionCell, DurationCell, KindBadge, SessionCell, StatusCell, TargetCell, actionOf, targetOf } from './cells.js';

export interface LogColumnMeta {
  align?: 'end';
  /** Takes the width left over by the fixed columns. */
  grow?: boolean;
  /** The store's sort field for this column (shared/sort-fields.ts), and the direction a first click asks for. */
  sort: { field: SortField; first: SortDir };
  /** The column's name in the Columns menu and for screen readers (headers may carry more). */
  title: string;
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
    meta: { sort: { field: 'time', first: 'desc' }, title: label('time') },
    cell: (ctx) => <Time ms={ctx.getValue()} />,
  }),
  helper.accessor('kind', {
    id: 'kind',
    header: label('kind'),
    size: 56,
    meta: { sort: { field: 'kind', first: 'asc' }, title: label('kind') },
    cell: (ctx) => <KindBadge event={ctx.row.original} />,
  }),
  helper.accessor((e) => actionOf(e), {
    id: 'method',
    header: 'Method / type',
    size: 120,
    meta: { sort: { field: 'action', first: 'asc' }, title: 'Method / type' },
    cell: (ctx) => <ActionCell event={ctx.row.original} />,
  }),
  helper.accessor((e) => targetOf(e), {
    id: 'target',
    header: 'Route / page / message',
    size: 200,
    meta: { grow: true, sort: { field: 'target', first: 'asc' }, title: 'Route / page / message' },
    cell: (ctx) => <TargetCell event={ctx.row.original} />,
  }),
  helper.accessor('status', {
    id: 'status',
    header: label('status'),
    size: 60,
    meta: { align: 'end', sort: { field: 'status', first: 'desc' }, title: label('status') },
    cell: (ctx) => <StatusCell status={ctx.getValue()} />,
  }),
  helper.accessor('duration_ms', {
    id: 'duration',
    header: label('duration_ms'),
    size: 84,
    meta: { align: 'end', sort: { field: 'duration_ms', first: 'desc' }, title: label('duration_ms') },
    cell: (ctx) => <DurationCell ms={ctx.getValue()} />,
  }),
  helper.accessor('session_id', {
    id: 'session',
    header: label('session_id'),
    // Room for a short id and its "derived" badge.
    size: 140,
    meta: { sort: { field: 'session_id', first: 'asc' }, title: label('session_id') },
    cell: (ctx) => <SessionCell id={ctx.getValue()} derived={ctx.row.original.session_derived} />,
  }),
]);

export const COLUMN_IDS: readonly string[] = columns.map((c) => c.id ?? '');
