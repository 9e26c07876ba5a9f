// The status line's way into the sources panel: how many sources there are, and a word while a
// file is followed (the app is reading it on in the background).
import type { Source } from '../../../../shared/api.js';
import { listedSources, sourcesButtonLabel } from '../../lib/sources.js';

export function SourcesButton({ sources, onOpen }: { sources: readonly Source[] | null; onOpen(): void }) {
  const following = sources?.some((s) => s.following) ?? false;
  return (
    <button type="button" className="link-button status-item sources-button" data-testid="sources-open" title="Files, the collector, follow and remove (S)" onClick={onOpen}>
      {sourcesButtonLabel(sources ? listedSources(sources).length : null)}
      {following && <span className="sources-following"> · following</span>}
    </button>
  );
}
