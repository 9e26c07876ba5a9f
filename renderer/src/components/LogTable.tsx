// The event grid. TanStack Table holds the column model; rows are placed by position over the
// whole result (lib/row-window.ts), so the scroll range stands for every match, a million or
// more, and rows are fetched by position as they come into view (hooks/useEventWindow.ts).
// Only the rows in view exist in the DOM; a row not fetched yet shows as a placeholder.
import { FlexRender, useTable, type Row } from '@tanstack/react-table';
import { memo, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import type { LogEvent } from '../../../shared/events.js';
import { columns, features } from './columns.js';
import { formatTime, groupDigits, statusClass } from '../lib/format.js';
import { contentHeight, maxScroll, placedRows, rowsInView, scrollTopFor, scrollTopToReveal, topRowAt, type WindowGeometry } from '../lib/row-window.js';
import { moveColumn, resize, visibleColumns, type ColumnLayout } from '../lib/column-layout.js';
import type { TableSort } from '../lib/table-sort.js';
import type { SortDir, SortField } from '../../../shared/sort.js';
import { UtcContext } from '../lib/time-zone.js';
import type { EventWindow } from '../hooks/useEventWindow.js';
import { TableHeader } from './table/TableHeader.js';
import { ColumnsMenu } from './table/ColumnsMenu.js';

const ROW_HEIGHT = 24;
const HEADER_HEIGHT = 28;
const OVERSCAN = 8;
const GROW_MIN = 80;
/** How long the time label beside the scrollbar stays after scrolling stops. */
const SCROLL_LABEL_MS = 900;

type LogRow = Row<typeof features, LogEvent>;

const rowId = (e: LogEvent) => String(e.id);
const selectNothing = () => null;

export interface LogTableProps {
  win: Pick<EventWindow, 'rowAt' | 'indexOf' | 'want'>;
  total: number;
  /** Changes whenever rows arrive (the window's version). */
  version: number;
  resetKey: number;
  shift: { key: number; rows: number };
  /** The rows are this earlier search's: the one typed since failed (null: they are current). */
  staleFor: string | null;
  loading: boolean;
  selectedId: string | null;
  onSelect(id: string): void;
  sort: TableSort;
  onSort(field: SortField, firstDir: SortDir): void;
  layout: ColumnLayout;
  onLayout(next: ColumnLayout): void;
  onResetLayout(): void;
  empty: ReactNode;
  /** The focusable grid element, for callers that move focus to the results. */
  scrollRef: RefObject<HTMLDivElement | null>;
}

export function LogTable(props: LogTableProps) {
  const { win, total, selectedId, onSelect, scrollRef, layout, onLayout } = props;
  const [scrollTop, setScrollTop] = useState(0);
  const [bodyHeight, setBodyHeight] = useState(600);
  const geometry: WindowGeometry = useMemo(() => ({ total, rowHeight: ROW_HEIGHT, bodyHeight }), [total, bodyHeight]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setBodyHeight(Math.max(ROW_HEIGHT, el.clientHeight - HEADER_HEIGHT));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [scrollRef]);

  const placed = placedRows(scrollTop, geometry, OVERSCAN);
  const first = placed[0]?.index ?? 0;
  const last = placed.at(-1)?.index ?? -1;
  useEffect(() => {
    if (last >= 0) win.want(first, last);
  }, [win, first, last, props.version]);

  // Only the rows on screen go through TanStack: its row model is rebuilt per data array.
  const data = useMemo(
    () => placed.flatMap((p) => win.rowAt(p.index) ?? []),
    [win, first, last, props.version],
  );
  const table = useTable({ features, columns, data, getRowId: rowId }, selectNothing);
  const rowsById = useMemo(() => new Map(table.getRowModel().rows.map((r) => [r.id, r])), [table, data]);

  const shown = useMemo(() => visibleColumns(layout), [layout]);
  const byId = useMemo(() => new Map(table.getAllLeafColumns().map((c) => [c.id, c])), [table]);
  const widthOf = (id: string) => layout.sizes[id] ?? byId.get(id)?.getSize() ?? 100;
  // The growing column takes what is left, down to GROW_MIN unless the user set its width: from
  // 900 px wide, with the facets beside the table, every column still fits.
  const minOf = (id: string) => (byId.get(id)?.columnDef.meta?.grow ? (layout.sizes[id] ?? GROW_MIN) : widthOf(id));
  const template = shown.map((id) => (byId.get(id)?.columnDef.meta?.grow ? `minmax(${minOf(id)}px, 1fr)` : `${widthOf(id)}px`)).join(' ');
  const minWidth = shown.reduce((sum, id) => sum + minOf(id), 0);
  const gridRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    // A CSS variable shared by the header and every row, set through CSSOM (the CSP forbids inline style attributes).
    gridRef.current?.style.setProperty('--columns', template);
  }, [template]);
  const headers = useMemo(() => {
    const all = new Map(table.getFlatHeaders().map((h) => [h.column.id, h]));
    return shown.flatMap((id) => all.get(id) ?? []);
  }, [table, shown]);

  // A new result starts at the top; rows arriving above the ones read keep those in place.
  // Keyboard moves to a row not fetched yet (End on a million rows) select it once it arrives.
  const pendingSelect = useRef<number | null>(null);
  // Known from the scroll events: reading the element's would force a layout on every search.
  const scrolledTo = useRef(0);
  scrolledTo.current = scrollTop;
  useLayoutEffect(() => {
    // A row asked for in the old result is not the one at that place in the new.
    pendingSelect.current = null;
    const el = scrollRef.current;
    if (!el || scrolledTo.current === 0) return;
    el.scrollTop = 0;
    setScrollTop(0);
  }, [scrollRef, props.resetKey]);
  const geometryRef = useRef(geometry);
  geometryRef.current = geometry;
  useLayoutEffect(() => {
    if (pendingSelect.current !== null) pendingSelect.current += props.shift.rows;
    const el = scrollRef.current;
    if (!el || props.shift.rows === 0 || el.scrollTop === 0) return;
    const g = geometryRef.current;
    el.scrollTop = scrollTopFor(topRowAt(el.scrollTop, { ...g, total: g.total - props.shift.rows }) + props.shift.rows, g);
    setScrollTop(el.scrollTop);
  }, [scrollRef, props.shift]);

  const [scrolling, setScrolling] = useState(false);
  const scrollTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(scrollTimer.current), []);
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    setScrolling(true);
    clearTimeout(scrollTimer.current);
    scrollTimer.current = setTimeout(() => setScrolling(false), SCROLL_LABEL_MS);
  };

  useEffect(() => {
    const at = pendingSelect.current;
    if (at === null) return;
    const row = win.rowAt(at);
    if (row) {
      pendingSelect.current = null;
      onSelect(row.id);
    }
  }, [win, props.version, onSelect]);

  const selectedIndex = selectedId === null ? -1 : win.indexOf(selectedId);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const el = scrollRef.current;
    if (total === 0 || !el || e.altKey || e.metaKey || e.ctrlKey) return;
    const page = Math.max(1, Math.floor(rowsInView(geometry)) - 1);
    const from = selectedIndex >= 0 ? selectedIndex : Math.floor(topRowAt(el.scrollTop, geometry)) - 1;
    const target = keyTarget(e.key, from, page, total);
    if (target === null) return;
    e.preventDefault();
    el.scrollTop = scrollTopToReveal(target, el.scrollTop, geometry);
    setScrollTop(el.scrollTop);
    const row = win.rowAt(target);
    if (row) {
      pendingSelect.current = null;
      onSelect(row.id);
    } else {
      pendingSelect.current = target;
      win.want(target, target);
    }
  };

  const titleOf = (id: string) => byId.get(id)?.columnDef.meta?.title ?? id;
  return (
    <div className={`table-wrap${props.staleFor === null ? '' : ' stale'}`}>
      {props.loading && <div className="progress" role="progressbar" aria-label="Searching" />}
      {props.staleFor !== null && (
        <div className="stale-banner" role="status" data-testid="results-stale">
          {props.staleFor.trim() === '' ? 'Showing every event, as before this search' : <>Showing the results of <code>{props.staleFor}</code></>} until the
          search above is mended.
        </div>
      )}
      <ColumnsMenu layout={layout} titleOf={titleOf} onChange={onLayout} onReset={props.onResetLayout} />
      <div
        ref={scrollRef}
        className="table-scroll"
        role="grid"
        tabIndex={0}
        aria-label="Events"
        aria-rowcount={total + 1}
        aria-activedescendant={selectedIndex >= 0 ? `event-row-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
        onScroll={onScroll}
        data-testid="table-scroll"
      >
        <div ref={gridRef} className="grid" style={{ height: HEADER_HEIGHT + contentHeight(geometry), minWidth }}>
          <TableHeader
            headers={headers}
            widthOf={widthOf}
            sort={props.sort}
            onSort={props.onSort}
            onResize={(id, px) => onLayout(resize(layout, id, px))}
            onMove={(id, before) => onLayout(moveColumn(layout, id, before))}
            cellClass={cellClass}
          />
          <div className="grid-body" style={{ height: bodyHeight }}>
            {placed.map(({ index, y }) => {
              const event = win.rowAt(index);
              const row = event ? rowsById.get(event.id) : undefined;
              if (!row) return <PlaceholderRow key={`p${index}`} index={index} y={y} />;
              // Keyed by place, not event: a new search's rows take over the elements of the
              // last one's (their text and attributes change), instead of ~40 rows of cells
              // being removed and built again.
              return <LogTableRow key={index} row={row} columnIds={shown} index={index} y={y} selected={row.original.id === selectedId} onSelect={onSelect} />;
            })}
          </div>
        </div>
        {total === 0 && !props.loading && <div className="table-empty">{props.empty}</div>}
      </div>
      {scrolling && total > 0 && <ScrollTime win={win} geometry={geometry} scrollTop={scrollTop} />}
    </div>
  );
}

function keyTarget(key: string, from: number, page: number, total: number): number | null {
  let to: number;
  switch (key) {
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
      to = total - 1;
      break;
    default:
      return null;
  }
  return Math.min(Math.max(to, 0), total - 1);
}

/**
 * Beside the scrollbar while it moves: the time of the top row, so the thumb's position reads as
 * a place on the time axis (and where in the result it is, by position).
 */
function ScrollTime({ win, geometry, scrollTop }: { win: LogTableProps['win']; geometry: WindowGeometry; scrollTop: number }) {
  const utc = useContext(UtcContext);
  const top = Math.floor(topRowAt(scrollTop, geometry));
  const event = win.rowAt(top);
  const max = maxScroll(geometry);
  const at = max > 0 ? scrollTop / max : 0;
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.style.setProperty('--at', String(at));
  }, [at]);
  return (
    <div ref={ref} className="scroll-time" data-testid="scroll-time" aria-hidden="true">
      {event ? formatTime(event.time, utc) : '…'}
      <span className="dim"> · row {groupDigits(top + 1)}</span>
    </div>
  );
}

function cellClass(id: string, align: 'end' | undefined): string {
  return `cell cell-${id}${align === 'end' ? ' align-end' : ''}`;
}

/** Classes that colour a row: its status class (4xx, 5xx tint it) and its kind (the stripe on its left). */
function rowTone(e: LogEvent): string {
  const cls = statusClass(e.status);
  return ` kind-${e.kind}${cls === null ? '' : ` status-${cls}`}`;
}

function PlaceholderRow({ index, y }: { index: number; y: number }) {
  return (
    <div style={{ transform: `translateY(${y}px)` }} role="row" aria-rowindex={index + 2} className="grid-row placeholder" aria-busy="true">
      <div role="gridcell" className="cell">
        …
      </div>
    </div>
  );
}

interface RowProps {
  row: LogRow;
  columnIds: string[];
  index: number;
  y: number;
  selected: boolean;
  onSelect(id: string): void;
}

const LogTableRow = memo(function LogTableRow({ row, columnIds, index, y, selected, onSelect }: RowProps) {
  const id = row.original.id;
  const cells = new Map(row.getAllCells().map((c) => [c.column.id, c]));
  return (
    <div
      style={{ transform: `translateY(${y}px)` }}
      id={`event-row-${id}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`grid-row${index % 2 ? ' odd' : ''}${rowTone(row.original)}${selected ? ' selected' : ''}`}
      data-testid="log-row"
      data-event-id={id}
      onClick={() => onSelect(id)}
    >
      {columnIds.map((cid) => {
        const cell = cells.get(cid);
        if (!cell) return null;
        return (
          <div key={cid} role="gridcell" className={cellClass(cid, cell.column.columnDef.meta?.align)}>
            <FlexRender cell={cell} />
          </div>
        );
      })}
    </div>
  );
});
