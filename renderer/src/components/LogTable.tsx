// The event grid: TanStack Table for the column model, TanStack Virtual for the rows. Only
// the rows in view (plus overscan) exist in the DOM, so 100k loaded rows scroll like 100.
import { FlexRender, useTable, type Row } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import type { LogEvent } from '../../../shared/events.js';
import { columns, features } from './columns.js';
import { statusClass } from '../lib/format.js';

const ROW_HEIGHT = 24;
const HEADER_HEIGHT = 28;
/** Start fetching the next page this many rows before the end, so scrolling rarely waits. */
const PREFETCH_ROWS = 150;

type LogRow = Row<typeof features, LogEvent>;

const rowId = (e: LogEvent) => String(e.id);
const selectNothing = () => null;

export interface LogTableProps {
  rows: LogEvent[];
  /** The rows are this earlier search's: the one typed since failed (null: they are current). */
  staleFor: string | null;
  total: number | null;
  hasMore: boolean;
  loading: boolean;
  loadingMore: boolean;
  resetKey: number;
  selectedId: string | null;
  onSelect(id: string): void;
  onLoadMore(): void;
  empty: ReactNode;
  /** The focusable grid element, for callers that move focus to the results. */
  scrollRef: RefObject<HTMLDivElement | null>;
}

export function LogTable(props: LogTableProps) {
  const { rows: data, selectedId, onSelect, onLoadMore, hasMore, loadingMore, scrollRef } = props;
  // The table's own state (sizing) never changes here, so subscribe to none of it.
  const table = useTable({ features, columns, data, getRowId: rowId }, selectNothing);
  const rows = table.getRowModel().rows;
  const gridRef = useRef<HTMLDivElement>(null);

  const getItemKey = useCallback((index: number) => rows[index]?.id ?? index, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey,
    overscan: 16,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();

  const template = useMemo(
    () =>
      table
        .getAllLeafColumns()
        .map((c) => (c.columnDef.meta?.grow ? `minmax(${c.getSize()}px, 1fr)` : `${c.getSize()}px`))
        .join(' '),
    [table],
  );
  const minWidth = useMemo(() => table.getAllLeafColumns().reduce((sum, c) => sum + c.getSize(), 0), [table]);
  useLayoutEffect(() => {
    // A CSS variable shared by the header and every row, set through CSSOM (the CSP forbids inline style attributes).
    gridRef.current?.style.setProperty('--columns', template);
  }, [template]);

  useAnchorOnPrepend(scrollRef, data, props.resetKey);

  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - PREFETCH_ROWS) onLoadMore();
  }, [lastIndex, rows.length, hasMore, loadingMore, onLoadMore]);

  const selectedIndex = useMemo(() => (selectedId === null ? -1 : data.findIndex((e) => e.id === selectedId)), [data, selectedId]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0 || e.altKey || e.metaKey || e.ctrlKey) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 2);
    const from = selectedIndex;
    let to: number;
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        to = from + 1;
        break;
      case 'ArrowUp':
      case 'k':
        to = from < 0 ? 0 : from - 1;
        break;
      case 'PageDown':
        to = from + page;
        break;
      case 'PageUp':
        to = from - page;
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        to = rows.length - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    const index = Math.min(Math.max(to, 0), rows.length - 1);
    const target = data[index];
    if (!target) return;
    onSelect(target.id);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const headers = table.getFlatHeaders();
  return (
    <div className={`table-wrap${props.staleFor === null ? '' : ' stale'}`}>
      {props.loading && <div className="progress" role="progressbar" aria-label="Searching" />}
      {props.staleFor !== null && (
        <div className="stale-banner" role="status" data-testid="results-stale">
          {props.staleFor.trim() === '' ? 'Showing every event, as before this search' : <>Showing the results of <code>{props.staleFor}</code></>} until the
          search above is mended.
        </div>
      )}
      <div
        ref={scrollRef}
        className="table-scroll"
        role="grid"
        tabIndex={0}
        aria-label="Events"
        aria-rowcount={(props.total ?? data.length) + 1}
        aria-activedescendant={selectedIndex >= 0 ? `event-row-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div ref={gridRef} className="grid" style={{ height: virtualizer.getTotalSize(), minWidth }}>
          <div className="grid-header" role="row" aria-rowindex={1}>
            {headers.map((header) => (
              <div key={header.id} role="columnheader" className={cellClass(header.column.id, header.column.columnDef.meta?.align)}>
                <FlexRender header={header} />
              </div>
            ))}
          </div>
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <LogTableRow
                key={row.id}
                row={row}
                index={item.index}
                start={item.start}
                selected={row.original.id === selectedId}
                onSelect={onSelect}
              />
            );
          })}
        </div>
        {data.length === 0 && !props.loading && <div className="table-empty">{props.empty}</div>}
      </div>
    </div>
  );
}

function cellClass(id: string, align: 'end' | undefined): string {
  return `cell cell-${id}${align === 'end' ? ' align-end' : ''}`;
}

interface RowProps {
  row: LogRow;
  index: number;
  start: number;
  selected: boolean;
  onSelect(id: string): void;
}

/** Classes that colour a row: its status class (4xx, 5xx tint it) and its kind (the stripe on its left). */
function rowTone(e: LogEvent): string {
  const cls = statusClass(e.status);
  return ` kind-${e.kind}${cls === null ? '' : ` status-${cls}`}`;
}

const LogTableRow = memo(function LogTableRow({ row, index, start, selected, onSelect }: RowProps) {
  const id = row.original.id;
  return (
    <div
      style={{ transform: `translateY(${start}px)` }}
      id={`event-row-${id}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`grid-row${index % 2 ? ' odd' : ''}${rowTone(row.original)}${selected ? ' selected' : ''}`}
      data-testid="log-row"
      data-event-id={id}
      onClick={() => onSelect(id)}
    >
      {row.getAllCells().map((cell) => (
        <div key={cell.id} role="gridcell" className={cellClass(cell.column.id, cell.column.columnDef.meta?.align)}>
          <FlexRender cell={cell} />
        </div>
      ))}
    </div>
  );
});

/**
 * When new events arrive at the top while the user reads further down, shift the scroll
 * position by the rows added so what they are looking at stays put. At the very top we do
 * nothing, and the new rows simply appear.
 */
function useAnchorOnPrepend(scrollRef: RefObject<HTMLDivElement | null>, data: LogEvent[], resetKey: number) {
  const prev = useRef<{ firstId: string | undefined; resetKey: number }>({ firstId: undefined, resetKey });
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const before = prev.current;
    prev.current = { firstId: data[0]?.id, resetKey };
    if (!el) return;
    if (before.resetKey !== resetKey) {
      el.scrollTop = 0;
      return;
    }
    if (before.firstId === undefined || el.scrollTop === 0 || data[0]?.id === before.firstId) return;
    const shift = data.findIndex((e) => e.id === before.firstId);
    if (shift > 0) el.scrollTop += shift * ROW_HEIGHT;
  }, [scrollRef, data, resetKey]);
}
