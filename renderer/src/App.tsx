import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
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
import { useEventWindow } from './hooks/useEventWindow.js';
import { useColumnLayout } from './hooks/useColumnLayout.js';
import { COLUMN_IDS } from './components/columns.js';
import { DEFAULT_SORT, nextSort, sortText } from './lib/table-sort.js';
import { reconcile } from './lib/column-layout.js';
import { navOfView, viewOf } from './lib/saved-view.js';
import { useFileDrop } from './hooks/useFileDrop.js';
import { useImport } from './hooks/useImport.js';
import { useLive } from './hooks/useLive.js';
import { useShortcuts } from './hooks/useShortcuts.js';
import { useStoredFlag } from './hooks/useStoredFlag.js';
import { useNav } from './hooks/useNav.js';
import { sessionNav, type Nav, type View } from './lib/nav.js';
import { UtcContext } from './lib/time-zone.js';
import { SessionLinkContext } from './lib/session-link.js';
import { ViewTabs, viewForKey } from './components/ViewTabs.js';
import { SessionsView } from './components/sessions/SessionsView.js';
import { TimelineView } from './components/timeline/TimelineView.js';
import { DashboardView } from './components/dashboard/DashboardView.js';
import { SourcesButton } from './components/sources/SourcesButton.js';
import { SourcesPanel } from './components/sources/SourcesPanel.js';
import { RecentFiles } from './components/sources/RecentFiles.js';
import { useSources } from './hooks/useSources.js';
import { ViewsMenu } from './components/ViewsMenu.js';
import { ExportMenu } from './components/ExportMenu.js';
import { CommandPalette } from './components/CommandPalette.js';
import { useSavedViews } from './hooks/useSavedViews.js';
import { useExport } from './hooks/useExport.js';
import { buildCommands } from './lib/commands.js';
import type { SavedView } from '../../shared/views.js';
import { ExplorerHistogram } from './components/explorer/Histogram.js';
import { rangeKey, rangeLabel, resolveRange, type ExplorerRange } from './lib/explorer-range.js';
import { FacetSidebar } from './components/explorer/FacetSidebar.js';

export function App() {
  const [sessionMissing, setSessionMissing] = useState(false);
  const onFatal = useCallback((_err: CallFailed) => setSessionMissing(true), []);

  const { nav, go } = useNav();
  const info = useAppInfo(client, onFatal);
  const [hideAssets, setHideAssets] = useStoredFlag('logbridge.hideAssets');
  const sort = nav.sort ?? DEFAULT_SORT;
  const [layout, setLayout, resetLayout] = useColumnLayout(COLUMN_IDS);
  const win = useEventWindow(client, onFatal, () => ({ hide_assets: hideAssets, sort, range: resolveRange(nav.range, Date.now()) }));
  const { state, search, refresh } = win;
  const [liveTick, setLiveTick] = useState(0);
  // A relative range ends when it is asked: again at each live refresh, not at each render.
  const facetRange = useMemo(() => resolveRange(nav.range, Date.now()), [rangeKey(nav.range), liveTick]);
  const live = useLive(client, () => {
    refresh();
    setLiveTick((t) => t + 1);
  });
  const [utc, setUtc] = useState(false);
  const [help, setHelp] = useState(false);
  const [sourcesOpen, setSourcesOpen] = useState(false);
  const sources = useSources(client, onFatal);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const searchRef = useRef<HTMLInputElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const tableQuery = useRef(state.query);
  tableQuery.current = state.query;

  // An import can add rows anywhere in time, so re-run the search rather than merging.
  const importer = useImport(client, () => search(tableQuery.current), onFatal);
  const dragging = useFileDrop(importer.importFiles);

  // The explorer follows the place's query (typed, linked, drilled into, or back in history).
  const explorerOn = nav.view === 'explorer';
  // What the table's search asks: the query and everything else that shapes its rows.
  const searchKey = (query: string) => JSON.stringify([query, hideAssets, sortText(sort), rangeKey(nav.range)]);
  // A query applied in the explorer (Enter, a facet) is sent from the handler itself, before the
  // render it causes: the effect then finds it sent and does not ask again.
  const sentEarly = useRef<string | null>(null);
  // A layout effect, so the table's search leaves before the frame is drawn; the side views wait
  // for it to end (sideViewsWait): the rows are what the user waits for.
  useLayoutEffect(() => {
    const early = sentEarly.current;
    sentEarly.current = null;
    const key = searchKey(nav.query);
    if (explorerOn && early !== key) search(nav.query, key);
  }, [search, nav.query, explorerOn, hideAssets, sortText(sort), rangeKey(nav.range)]);
  // The side views ask about a search once the table's search for it has ended (hooks/useHeld.ts),
  // however it was changed (typed, back, a range, the asset toggle, a saved view).
  const sideViewsWait = state.settled !== searchKey(nav.query);
  const applyQuery = (query: string, force: boolean) => {
    if (query !== nav.query) {
      if (explorerOn) {
        sentEarly.current = searchKey(query);
        search(query, sentEarly.current);
      }
      go({ ...nav, query }, true);
    } else if (force && explorerOn) search(query);
  };
  const openSession = (session: string, focus?: string) => go(sessionNav(session, nav.query, focus));
  // Stable callbacks for the memoised side views, reading the place as it is when they are called.
  const latest = useRef({ applyQuery, go, nav });
  latest.current = { applyQuery, go, nav };
  const onFacetQuery = useCallback((q: string) => latest.current.applyQuery(q, false), []);
  const onHistogramRange = useCallback((range: ExplorerRange | undefined) => latest.current.go({ ...latest.current.nav, range }), []);
  // Back on the explorer from another view, its time range and order are where the user left them.
  const explorerPlace = useRef<Pick<Nav, 'range' | 'sort'>>({});
  if (explorerOn) explorerPlace.current = { ...(nav.range ? { range: nav.range } : {}), ...(nav.sort ? { sort: nav.sort } : {}) };
  const switchTo = (view: View) => go(view === 'explorer' ? { view, query: nav.query, ...explorerPlace.current } : { view, query: nav.query });
  const showSourceEvents = (query: string) => {
    setSourcesOpen(false);
    go({ view: 'explorer', query });
  };
  const sourcesChanged = () => {
    sources.refresh();
    search(tableQuery.current);
  };

  // Saved views, export and the command palette (issue 12, points 8 and 9). A view keeps the
  // query for now; the range, sort and columns join here as they are wired.
  const savedViews = useSavedViews(client);
  const currentView = useCallback(() => viewOf(nav, layout), [nav, layout]);
  const applyView = (view: SavedView) => {
    go(navOfView(view));
    if (view.columns) setLayout(reconcile(view.columns, COLUMN_IDS));
  };
  // The result the table shows: its query, not one being typed or one that failed.
  const exporter = useExport(
    client,
    useCallback(() => {
      const range = resolveRange(nav.range, Date.now());
      return { query: state.query, hide_assets: hideAssets, sort, ...(range ? { range } : {}) };
    }, [state.query, hideAssets, sort, nav.range]),
  );
  const [palette, setPalette] = useState(false);
  const [saveRequested, setSaveRequested] = useState(false);
  const onSaveShown = useCallback(() => setSaveRequested(false), []);

  const focusTable = () => tableRef.current?.focus();
  useShortcuts({
    focusSearch: () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    },
    openFile: () => fileRef.current?.click(),
    toggleUtc: () => setUtc((u) => !u),
    help: () => setHelp(true),
    sources: () => setSourcesOpen((o) => !o),
    escape: () => {
      if (help) setHelp(false);
      else if (sourcesOpen) setSourcesOpen(false);
      else if (importer.items.length > 0 && !importer.busy) importer.dismiss();
    },
    view: (key) => {
      const view = viewForKey(key);
      if (view) switchTo(view);
    },
    palette: () => setPalette(true),
  });
  const commands = buildCommands(
    {
      switchView: switchTo,
      openFile: () => fileRef.current?.click(),
      focusSearch: () => {
        searchRef.current?.focus();
        searchRef.current?.select();
      },
      toggleUtc: () => setUtc((u) => !u),
      // The theme switch owns the choice and its storage; the command presses it.
      toggleTheme: () => document.querySelector<HTMLButtonElement>('[data-testid="theme-toggle"]')?.click(),
      toggleAssets: () => setHideAssets(!hideAssets),
      exportAs: (format) => void exporter.run(format),
      saveView: () => {
        if (!explorerOn) go({ view: 'explorer', query: nav.query });
        setSaveRequested(true);
      },
      applyView,
      help: () => setHelp(true),
    },
    savedViews.views,
    { utc, hideAssets },
  );

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
              client={client}
              hideAssets={hideAssets}
              appliedQuery={state.query}
              appliedKey={state.resetKey}
            />
          }
          tabs={<ViewTabs nav={nav} go={(next) => switchTo(next.view)} />}
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
          menus={
            explorerOn && (
              <>
                <ViewsMenu saved={savedViews} current={currentView} onApply={applyView} saveRequested={saveRequested} onSaveShown={onSaveShown} />
                <ExportMenu status={exporter.status} onExport={(f) => void exporter.run(f)} empty={state.total === 0} />
              </>
            )
          }
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
        {explorerOn && <ExplorerHistogram client={client} query={nav.query} range={nav.range} hideAssets={hideAssets} refresh={liveTick} hold={sideViewsWait} onRange={onHistogramRange} onFatal={onFatal} />}
        {explorerOn && (
        <main className={`workspace${selectedId === null ? '' : ' with-detail'}`}>
          <FacetSidebar client={client} query={nav.query} hideAssets={hideAssets} range={facetRange} hold={sideViewsWait} paused={live.paused} onQuery={onFacetQuery} onFatal={onFatal} />
          <LogTable
            win={win}
            total={state.total ?? 0}
            version={state.version}
            resetKey={state.resetKey}
            shift={state.shift}
            staleFor={state.error === null ? null : state.query}
            loading={state.loading}
            selectedId={selectedId}
            onSelect={setSelectedId}
            sort={sort}
            onSort={(field, first) => go({ ...nav, sort: nextSort(sort, field, first) }, true)}
            layout={layout}
            onLayout={setLayout}
            onResetLayout={resetLayout}
            scrollRef={tableRef}
            empty={
              <EmptyState
                client={client}
                query={state.query}
                collectorUrl={info?.collectorUrl ?? null}
                onOpenFile={() => fileRef.current?.click()}
                recent={<RecentFiles client={client} sources={sources.sources} onShowEvents={showSourceEvents} onChanged={sourcesChanged} onFatal={onFatal} />}
                range={nav.range && { label: rangeLabel(nav.range, utc), onAllTime: () => go({ ...nav, range: undefined }) }}
              />
            }
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
        <StatusLine
          info={info}
          live={live}
          transport={client.transport}
          sources={<SourcesButton sources={sources.sources} onOpen={() => setSourcesOpen(true)} />}
        />
        {dragging && <DropOverlay />}
        {help && <KeyboardHelp onClose={() => setHelp(false)} />}
        {sourcesOpen && (
          <SourcesPanel
            client={client}
            sources={sources.sources}
            error={sources.error}
            collectorUrl={info?.collectorUrl ?? null}
            onShowEvents={showSourceEvents}
            onChanged={sourcesChanged}
            onOpenFile={() => fileRef.current?.click()}
            onClose={() => setSourcesOpen(false)}
            onFatal={onFatal}
          />
        )}
        {palette && <CommandPalette commands={commands} onClose={() => setPalette(false)} />}
      </div>
      </SessionLinkContext>
    </UtcContext>
  );
}
