// The table's header row: a click sorts by the column (through the store, so the whole result
// is ordered, not just the rows on screen), the edge drags to resize, the label drags to move
// the column. Keyboard users resize with the arrow keys on the edge and move columns from the
// Columns menu.
import { FlexRender, type Header } from '@tanstack/react-table';
import { useRef, useState, type DragEvent, type KeyboardEvent, type PointerEvent } from 'react';
import type { LogEvent } from '../../../../shared/events.js';
import type { features } from '../columns.js';
import type { TableSort } from '../../lib/table-sort.js';
import type { SortDir, SortField } from '../../../../shared/sort.js';
import { clampWidth } from '../../lib/column-layout.js';

const DRAG_TYPE = 'application/x-logbridge-column';

type LogHeader = Header<typeof features, LogEvent, unknown>;

interface Props {
  headers: LogHeader[];
  widthOf(id: string): number;
  sort: TableSort;
  onSort(field: SortField, firstDir: SortDir): void;
  onResize(id: string, px: number): void;
  onMove(id: string, before: string): void;
  cellClass(id: string, align: 'end' | undefined): string;
}

export function TableHeader({ headers, widthOf, sort, onSort, onResize, onMove, cellClass }: Props) {
  const [dropOn, setDropOn] = useState<string | null>(null);
  return (
    <div className="grid-header" role="row" aria-rowindex={1}>
      {headers.map((header) => {
        const id = header.column.id;
        const meta = header.column.columnDef.meta;
        const sorted = meta && sort.field === meta.sort.field ? sort.dir : null;
        const onDragOver = (e: DragEvent) => {
          if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
          e.preventDefault();
          setDropOn(id);
        };
        const onDrop = (e: DragEvent) => {
          const moved = e.dataTransfer.getData(DRAG_TYPE);
          setDropOn(null);
          if (moved !== '' && moved !== id) onMove(moved, id);
        };
        return (
          <div
            key={id}
            role="columnheader"
            data-column={id}
            aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
            className={`${cellClass(id, meta?.align)} header-cell${dropOn === id ? ' drop-target' : ''}`}
            onDragOver={onDragOver}
            onDragLeave={() => setDropOn((d) => (d === id ? null : d))}
            onDrop={onDrop}
          >
            <button
              type="button"
              className="header-sort"
              data-testid={`sort-${id}`}
              draggable
              onDragStart={(e) => {
                e.dataTransfer.setData(DRAG_TYPE, id);
                e.dataTransfer.effectAllowed = 'move';
              }}
              onDragEnd={() => setDropOn(null)}
              title={meta ? `Sort by ${meta.title}${sorted ? ` (now ${sorted === 'asc' ? 'ascending' : 'descending'})` : ''}; drag to move the column` : undefined}
              onClick={() => meta && onSort(meta.sort.field, meta.sort.first)}
            >
              <span className="header-label">
                <FlexRender header={header} />
              </span>
              {sorted && (
                <span className="sort-mark" aria-hidden="true">
                  {sorted === 'asc' ? '▲' : '▼'}
                </span>
              )}
            </button>
            <ResizeHandle id={id} title={meta?.title ?? id} width={widthOf(id)} onResize={onResize} />
          </div>
        );
      })}
    </div>
  );
}

function ResizeHandle({ id, title, width, onResize }: { id: string; title: string; width: number; onResize(id: string, px: number): void }) {
  const start = useRef<{ x: number; width: number } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    start.current = { x: e.clientX, width };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    onResize(id, clampWidth(start.current.width + e.clientX - start.current.x));
  };
  const onPointerUp = () => {
    start.current = null;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 50 : 10;
    if (e.key === 'ArrowLeft') onResize(id, clampWidth(width - step));
    else if (e.key === 'ArrowRight') onResize(id, clampWidth(width + step));
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div
      className="resize-handle"
      role="separator"
      aria-orientation="vertical"
      aria-label={`Width of ${title}`}
      aria-valuenow={width}
      tabIndex={0}
      data-testid={`resize-${id}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      onClick={(e) => e.stopPropagation()}
    />
  );
}
