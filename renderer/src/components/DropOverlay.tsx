import { UploadIcon } from './icons.js';

export function DropOverlay() {
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-card">
        <UploadIcon size={32} />
        <div className="drop-title">Drop to import</div>
        <div className="dim">The file is read here and imported into the local database</div>
      </div>
    </div>
  );
}
