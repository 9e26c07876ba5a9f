// Benchmarks print one Markdown table each: the measure, our figure, the peer's figure measured
// in the same run, and the goal from the issue.
export interface Row {
  measure: string;
  ours: string;
  peer: string;
  goal: string;
  met?: boolean;
}

export function printTable(title: string, peerName: string, rows: Row[]): void {
  const head = ['measure', 'logbridge', peerName, 'goal', 'met'];
  const body = rows.map((r) => [r.measure, r.ours, r.peer, r.goal, r.met === undefined ? '' : r.met ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
}

export const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
export const fmtMs = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
