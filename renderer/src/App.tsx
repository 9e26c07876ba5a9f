import { useCallback, useEffect, useRef, useState } from 'react';
import { client, type CallFailed } from './api/client.js';
import { DetailPane } from './components/DetailPane.js';
import { DropOverlay } from './components/DropOverlay.js';
import { EmptyState } from './components/EmptyState.js';
import { ImportOptionsControl } from './components/ImportOptionsControl.js';
import { ImportPanel } from './components/ImportPanel.js';
import { KeyboardHelp } from './components/KeyboardHelp.js';
import { LogTable } from './components/LogTable.js';
import { SearchBox } from './components/SearchBox.js';
import { SessionMissing } from './components/SessionMissing.js';
import { StatusLine } from './components/StatusLine.js';
import { Toolbar } from './components/Toolbar.js';
import { useAppInfo } from './hooks/useAppInfo.js';
import { useEventSearch } from './hooks/useEventSearch.js';
import { useFileDrop } from './hooks/useFileDrop.js';
import { useImport } from './hooks/useImport.js';
import { useLive } from './hooks/useLive.js';
import { useShortcuts } from './hooks/useShortcuts.js';
import { useStoredFlag } from './hooks/useStoredFlag.js';
import { useNav } from './hooks/useNav.js';
import { sessionNav } from './lib/nav.js';
import { UtcContext } from './lib/time-zone.js';
import { SessionLinkContext } from './lib/session-link.js';
import { ViewTabs, viewForKey } from './components/ViewTabs.js';
import { SessionsView } from './components/sessions/SessionsView.js';
import { TimelineView } from './components/timeline/TimelineView.js';
import { DashboardView } from './components/dashboard/DashboardView.js';
import { FacetSidebar } from './components/explorer/FacetSidebar.js';

export function App() {
  const [sessionMissing, setSessionMissing] = useState(false);
  const onFatal = useCallback((_err: CallFailed) => setSessionMissing(true), []);

  const { nav, go } = useNav();
  const info = useAppInfo(client, onFatal);
  const [hideAssets, setHideAssets] = useStoredFlag('logbridge.hideAssets');
  const { state, search, refresh, loadMore } = useEventSearch(client, onFatal, hideAssets);
  const live = useLive(client, refresh);
  const [utc, setUtc] = useState(false);
  const [help, setHelp] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const searchRef = useRef<HTMLInputElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const tableQuery = useRef(state.query);
  tableQuery.current = state.query;

  // An import can add rows anywhere in time, so re-run the search rather than merging.
  const importer = useImport(client, () => search(tableQuery.current, true), onFatal);
  const dragging = useFileDrop(importer.importFiles);

  // The explorer follows the place's query (typed, linked, drilled into, or back in history).
  const explorerOn = nav.view === 'explorer';
  useEffect(() => {
    if (explorerOn) search(nav.query, true);
  }, [search, nav.query, explorerOn, hideAssets]);
  const applyQuery = (query: string, force: boolean) => {
    if (query !== nav.query) go({ ...nav, query }, true);
    else if (force && explorerOn) search(query, true);
  };
  const openSession = (session: string, focus?: string) => go(sessionNav(session, nav.query, focus));

  const focusTable = () => tableRef.current?.focus();
  useShortcuts({
    focusSearch: () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    },
    openFile: () => fileRef.current?.click(),
    toggleUtc: () => setUtc((u) => !u),
    help: () => setHelp(true),
    escape: () => {
      if (help) setHelp(false);
      else if (importer.items.length > 0 && !importer.busy) importer.dismiss();
    },
    view: (key) => {
      const view = viewForKey(key);
      if (view) go({ view, query: nav.query });
    },
  });

  if (sessionMissing || live.status === 'signed-out') return <SessionMissing />;

  return (
    <UtcContext value={utc}>
      <SessionLinkContext value={openSession}>
      <div className="app">
        <Toolbar
          search={
            <SearchBox
              value={nav.query}
              inputRef={searchRef}
              onApply={applyQuery}
              error={explorerOn ? state.error : null}
              errorQuery={state.errorQuery}
              busy={explorerOn && state.loading}
              onEscape={focusTable}
            />
          }
          tabs={<ViewTabs nav={nav} go={go} />}
          total={explorerOn ? state.total : null}
          totalApproximate={state.totalApproximate}
          stale={explorerOn && state.error !== null}
          utc={utc}
          onToggleUtc={() => setUtc((u) => !u)}
          hideAssets={hideAssets}
          onToggleAssets={() => setHideAssets(!hideAssets)}
          fileInputRef={fileRef}
          onOpenFile={() => fileRef.current?.click()}
          onFilesChosen={importer.importFiles}
          importOptions={<ImportOptionsControl choice={importer.choice} onChange={importer.setChoice} />}
        />
        <ImportPanel items={importer.items} onDismiss={importer.dismiss} onCancel={importer.cancel} onReimport={importer.reimport} />
        {nav.view === 'sessions' && <SessionsView client={client} query={nav.query} onOpenSession={(id) => openSession(id)} onFatal={onFatal} />}
        {nav.view === 'session' && nav.session !== undefined && (
          <TimelineView
            client={client}
            sessionId={nav.session}
            focus={nav.focus}
            query={nav.query}
            onOpenSession={openSession}
            onBack={() => go({ view: 'sessions', query: nav.query })}
            onFatal={onFatal}
          />
        )}
        {nav.view === 'dashboard' && <DashboardView client={client} query={nav.query} onDrill={(query) => go({ view: 'explorer', query })} onFatal={onFatal} />}
        {explorerOn && (
        <main className={`workspace${selectedId === null ? '' : ' with-detail'}`}>
          <FacetSidebar client={client} query={nav.query} hideAssets={hideAssets} paused={live.paused} onQuery={(q) => applyQuery(q, false)} onFatal={onFatal} />
          <LogTable
            rows={state.rows}
            staleFor={state.error === null ? null : state.query}
            total={state.total}
            hasMore={state.next !== null}
            loading={state.loading}
            loadingMore={state.loadingMore}
            resetKey={state.resetKey}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onLoadMore={loadMore}
            scrollRef={tableRef}
            empty={<EmptyState client={client} query={state.query} collectorUrl={info?.collectorUrl ?? null} onOpenFile={() => fileRef.current?.click()} />}
          />
          {selectedId !== null && (
            <DetailPane
              client={client}
              id={selectedId}
              onFatal={onFatal}
              onClose={() => {
                setSelectedId(null);
                focusTable();
              }}
            />
          )}
        </main>
        )}
        <StatusLine info={info} live={live} loaded={state.rows.length} total={state.total} transport={client.transport} />
        {dragging && <DropOverlay />}
        {help && <KeyboardHelp onClose={() => setHelp(false)} />}
      </div>
      </SessionLinkContext>
    </UtcContext>
  );
}
