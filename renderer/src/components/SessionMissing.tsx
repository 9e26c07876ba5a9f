// Browser mode without a valid secret (usually: the server restarted, which makes a new one).
// Every call would fail, so say how to get back in instead of showing a broken table.
export function SessionMissing() {
  return (
    <main className="gate">
      <div className="gate-card" role="alert" data-testid="session-missing">
        <h1>Open Logbridge from its link</h1>
        <p>
          This browser is not signed in to Logbridge. When <code>logbridge serve</code> starts, the first line it prints is a URL ending in{' '}
          <code>#token=…</code>, a secret made for that run of the server: open that exact URL to continue.
        </p>
        <p className="dim">The token changes every time the server starts, so a tab or bookmark from an earlier run stops working.</p>
      </div>
    </main>
  );
}
