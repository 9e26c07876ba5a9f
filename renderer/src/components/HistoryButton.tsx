// The search box's button for its recent searches; it leaves the focus in the box.
interface Props {
  open: boolean;
  onToggle(): void;
}

export function HistoryButton({ open, onToggle }: Props) {
  return (
    <button
      type="button"
      className="search-history-button"
      data-testid="history-button"
      aria-label="Recent searches"
      aria-pressed={open}
      title="Recent searches"
      onMouseDown={(e) => e.preventDefault()}
      onClick={onToggle}
    >
      <svg className="icon" width={16} height={16} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        <path d="M2.75 8a5.25 5.25 0 1 0 1.6-3.78" />
        <path d="M2.5 2.5v2.75h2.75" />
        <path d="M8 5.25V8l2 1.5" />
      </svg>
    </button>
  );
}
