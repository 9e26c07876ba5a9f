// Show, hide and order the table's columns from a list: what dragging a header does, for the
// keyboard and for columns already hidden.
import { useEffect, useRef, useState } from 'react';
import { shiftColumn, toggleHidden, visibleColumns, type ColumnLayout } from '../../lib/column-layout.js';

interface Props {
  layout: ColumnLayout;
  titleOf(id: string): string;
  onChange(next: ColumnLayout): void;
  onReset(): void;
}

export function ColumnsMenu({ layout, titleOf, onChange, onReset }: Props) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (ref.current && e.target instanceof Node && !ref.current.contains(e.target)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const visible = visibleColumns(layout);
  return (
    <div className="columns-menu" ref={ref}>
      <button
        type="button"
        className="icon-button columns-button"
        aria-haspopup="true"
        aria-expanded={open}
        data-testid="columns-button"
        title="Show, hide and order columns"
        onClick={() => setOpen((o) => !o)}
      >
        ⋮
      </button>
      {open && (
        <div
          className="popover columns-popover"
          role="dialog"
          aria-label="Columns"
          data-testid="columns-menu"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setOpen(false);
            }
          }}
        >
          <div className="popover-title">Columns</div>
          <ul>
            {layout.order.map((id) => {
              const shown = !layout.hidden.includes(id);
              const at = visible.indexOf(id);
              return (
                <li key={id} className="columns-item">
                  <label>
                    <input
                      type="checkbox"
                      checked={shown}
                      disabled={shown && visible.length <= 1}
                      data-testid={`column-toggle-${id}`}
                      onChange={() => onChange(toggleHidden(layout, id))}
                    />
                    {titleOf(id)}
                  </label>
                  <span className="columns-move">
                    <button type="button" className="icon-button small" aria-label={`Move ${titleOf(id)} left`} disabled={!shown || at <= 0} onClick={() => onChange(shiftColumn(layout, id, -1))}>
                      ←
                    </button>
                    <button
                      type="button"
                      className="icon-button small"
                      aria-label={`Move ${titleOf(id)} right`}
                      disabled={!shown || at < 0 || at >= visible.length - 1}
                      onClick={() => onChange(shiftColumn(layout, id, 1))}
                    >
                      →
                    </button>
                  </span>
                </li>
              );
            })}
          </ul>
          <button type="button" className="button small" data-testid="columns-reset" onClick={onReset}>
            Reset columns
          </button>
        </div>
      )}
    </div>
  );
}
