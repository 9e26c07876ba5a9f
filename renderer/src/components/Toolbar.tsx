import type { ChangeEvent, ReactNode, Ref } from 'react';
import { formatMatchCount } from '../lib/format.js';
import { LogoMark, UploadIcon } from './icons.js';

interface Props {
  /** The view switcher. */
  tabs: ReactNode;
  search: ReactNode;
  total: number | null;
  /** The store estimated the total. */
  totalApproximate: boolean;
  /** The total is the previous search's: the one typed since failed. */
  stale: boolean;
  utc: boolean;
  onToggleUtc(): void;
  /** Requests for images, style sheets, fonts and scripts are left out. */
  hideAssets: boolean;
  onToggleAssets(): void;
  fileInputRef: Ref<HTMLInputElement>;
  onOpenFile(): void;
  onFilesChosen(files: File[]): void;
  /** How the next files are read (format, log format). */
  importOptions: ReactNode;
  /** The explorer's Views and Export menus. */
  menus?: ReactNode;
}

export function Toolbar({ tabs, search, total, totalApproximate, stale, utc, onToggleUtc, hideAssets, onToggleAssets, fileInputRef, onOpenFile, onFilesChosen, importOptions, menus }: Props) {
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.target.files ?? []);
    // Reset so choosing the same file again still fires a change.
    e.target.value = '';
    onFilesChosen(files);
  };
  return (
    <header className="toolbar">
      <div className="brand">
        <LogoMark />
        <span className="brand-name">Logbridge</span>
      </div>
      {tabs}
      {search}
      <output
        className={`match-count${stale ? ' stale' : ''}`}
        data-testid="match-count"
        data-stale={stale || undefined}
        title={stale ? 'Counted for the previous search: the one above has a mistake' : undefined}
        aria-live="polite"
      >
        {total === null ? '' : formatMatchCount(total, totalApproximate)}
      </output>
      <Switch on={hideAssets} onToggle={onToggleAssets} testId="assets-toggle" title="Hide requests for images, style sheets, fonts and scripts">
        <span className="label-long">Hide assets</span>
        <span className="label-short">Assets</span>
      </Switch>
      <Switch on={utc} onToggle={onToggleUtc} testId="utc-toggle" title="Show times in UTC (U)">
        UTC
      </Switch>
      {menus}
      {importOptions}
      {/* Stays enabled while importing: files opened now queue behind the running ones. */}
      <button type="button" className="button primary" onClick={onOpenFile} title="Open a log file (Ctrl+O)" aria-label="Open file">
        <UploadIcon />
        <span className="button-label">Open file</span>
      </button>
      <input ref={fileInputRef} type="file" multiple hidden data-testid="file-input" onChange={onChange} />
    </header>
  );
}

function Switch({ on, onToggle, testId, title, children }: { on: boolean; onToggle(): void; testId: string; title: string; children: ReactNode }) {
  return (
    <button type="button" className={`toggle${on ? ' on' : ''}`} role="switch" aria-checked={on} data-testid={testId} title={title} onClick={onToggle}>
      <span className="toggle-track" aria-hidden="true">
        <span className="toggle-thumb" />
      </span>
      {children}
    </button>
  );
}
