// The session list's grid: sortable headers, virtualised rows (ten thousand sessions scroll
// like ten), a row opens its timeline on click or Enter, arrows move between rows.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { SessionSummary } from '../../../../shared/analysis.js';
import type { SessionSort, SessionSortKey } from '../../lib/sessions-sort.js';
import { SESSION_COLUMNS, SESSION_GRID_TEMPLATE } from './session-columns.js';

const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 30;

interface Props {
  sessions: readonly SessionSummary[];
  sort: SessionSort;
  onSort(key: SessionSortKey): void;
  onOpen(sessionId: string): void;
}

export function SessionTable({ sessions, sort, onSort, onOpen }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  // By id, not index: a re-sort or a live refresh keeps the same session active.
  const [activeId, setActiveId] = useState<string | null>(null);
  const active = useMemo(() => (activeId === null ? -1 : sessions.findIndex((s) => s.session_id === activeId)), [sessions, activeId]);
  const virtualizer = useVirtualizer({
    count: sessions.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => sessions[i]?.session_id ?? i,
    overscan: 12,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });

  useLayoutEffect(() => {
    // Through CSSOM: the page's CSP forbids style attributes written as markup.
    gridRef.current?.style.setProperty('--session-columns', SESSION_GRID_TEMPLATE);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (sessions.length === 0 || e.altKey || e.metaKey || e.ctrlKey || e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 2);
    let to: number;
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        to = active + 1;
        break;
      case 'ArrowUp':
      case 'k':
        to = active < 0 ? 0 : active - 1;
        break;
      case 'PageDown':
        to = active + page;
        break;
      case 'PageUp':
        to = active - page;
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        to = sessions.length - 1;
        break;
      case 'Enter':
        e.preventDefault();
        if (active >= 0 && activeId !== null) onOpen(activeId);
        return;
      default:
        return;
    }
    e.preventDefault();
    const index = Math.min(Math.max(to, 0), sessions.length - 1);
    setActiveId(sessions[index]?.session_id ?? null);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  return (
    <div
      ref={scrollRef}
      className="sessions-scroll"
      role="grid"
      tabIndex={0}
      aria-label="Sessions"
      aria-rowcount={sessions.length + 1}
      aria-activedescendant={active < 0 ? undefined : rowDomId(active)}
      data-testid="sessions-table"
      onKeyDown={onKeyDown}
    >
      <div ref={gridRef} className="sessions-grid" style={{ height: virtualizer.getTotalSize() }}>
        <div className="sessions-header" role="row" aria-rowindex={1}>
          {SESSION_COLUMNS.map((c) => {
            const on = sort.key === c.key;
            return (
              <div
                key={c.key}
                role="columnheader"
                className={`sessions-cell${c.align === 'end' ? ' align-end' : ''}`}
                aria-sort={on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <button
                  type="button"
                  className={`sort-button${on ? ' on' : ''}`}
                  data-testid={`sort-${c.key}`}
                  title={`Sort by ${c.label.toLowerCase()}`}
                  onClick={() => onSort(c.key)}
                >
                  {c.header}
                  <span className="sort-arrow" aria-hidden="true">
                    {on ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
        {virtualizer.getVirtualItems().map((item) => {
          const s = sessions[item.index];
          if (!s) return null;
          return <SessionRow key={s.session_id} session={s} index={item.index} start={item.start} active={item.index === active} onOpen={onOpen} />;
        })}
      </div>
    </div>
  );
}

const rowDomId = (index: number) => `session-row-${index}`;

interface RowProps {
  session: SessionSummary;
  index: number;
  start: number;
  active: boolean;
  onOpen(sessionId: string): void;
}

const SessionRow = memo(function SessionRow({ session, index, start, active, onOpen }: RowProps) {
  return (
    <div
      id={rowDomId(index)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={active}
      className={`sessions-row${index % 2 ? ' odd' : ''}${active ? ' active' : ''}${session.ended_after_failure ? ' left-after-failure' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
      data-testid="session-row"
      data-session-id={session.session_id}
      onClick={() => onOpen(session.session_id)}
    >
      {SESSION_COLUMNS.map((c) => (
        <div key={c.key} role="gridcell" className={`sessions-cell cell-${c.key}${c.align === 'end' ? ' align-end' : ''}`} data-col={c.key}>
          {c.cell(session)}
        </div>
      ))}
    </div>
  );
});
