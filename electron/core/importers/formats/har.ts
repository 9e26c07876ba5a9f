// HAR (HTTP Archive 1.2), as Chromium's and Firefox's developer tools save it. A HAR is one JSON
// document, often hundreds of megabytes once response bodies are in: entries and pages are
// streamed out of it one at a time (json-items.ts), so memory stays flat whatever its size.
import type { DetectSample, DocumentFormatDefinition, FormatReport, ItemLocation } from '../format-types.js';
import { createItemExtractor, guardedItem, headText, parseItem, type ItemTarget } from '../json-items.js';
import { mapEntry, mapPage } from './har-entry.js';
import { HAR_SAMPLES } from './har-samples.js';
import { createPageSessions } from './har-sessions.js';
import { isRecord, text } from './har-values.js';

// Target indexes; 0 is the entries.
const PAGES = 1;
const CREATOR = 2;
const TARGETS: readonly ItemTarget[] = [
  { path: ['log', 'entries', '*'], noun: 'entry' },
  { path: ['log', 'pages', '*'], noun: 'page' },
  { path: ['log', 'creator'], noun: 'creator' },
];
/** Page ids remembered for the entries that point at them; a HAR has a few per navigation. */
const MAX_PAGES = 10_000;
/** How far into the file detection looks for the HAR keys: they lead the document. */
const DETECT_CHARS = 4096;

function detect(sample: DetectSample): number {
  const t = sample.text.trimStart();
  if (!t.startsWith('{')) return 0;
  const head = t.slice(0, DETECT_CHARS);
  if (!/"log"\s*:\s*\{/.test(head)) return 0;
  if (/"version"\s*:/.test(head) && /"(?:creator|entries)"\s*:/.test(head)) return 0.95;
  return /"entries"\s*:\s*\[/.test(t) ? 0.7 : 0;
}

export const harFormat: DocumentFormatDefinition = {
  name: 'har',
  title: 'HAR (HTTP Archive) saved by browser developer tools',
  shape: 'document',
  // One browser recorded it: its page views and cached entries share its entries' sessions
  // (har-sessions.ts keeps each page with its requests).
  oneClient: true,
  detect,
  samples: HAR_SAMPLES,
  create(ctx, sink) {
    const pages = new Map<string, string>();
    const notes: string[] = [];
    let withoutPage = 0;
    const sessions = createPageSessions((e, at) => sink.event(e, at));
    const item = (target: number, bytes: Buffer, at: ItemLocation): void => {
      const parsed = parseItem(bytes);
      if (!parsed.ok) {
        sink.bad(`${TARGETS[target]!.noun}: ${parsed.reason}`, at, headText(bytes));
        return;
      }
      if (target === CREATOR) {
        const c = isRecord(parsed.value) ? parsed.value : {};
        const name = text(c, 'name');
        if (name !== undefined) notes.push(`saved by ${[name, text(c, 'version')].filter(Boolean).join(' ').slice(0, 100)}`);
        return;
      }
      if (target === PAGES) {
        const r = mapPage(parsed.value, ctx, at.line);
        if (!r.ok) return sink.bad(r.reason, at, headText(bytes));
        if (r.id !== undefined && pages.size < MAX_PAGES) pages.set(r.id, r.title ?? '');
        return sessions.page(r.event, at, r.id);
      }
      const r = mapEntry(parsed.value, pages, ctx, at.line);
      if (!r.ok) return sink.bad(r.reason, at, headText(bytes));
      if (r.pageref !== undefined && !pages.has(r.pageref)) withoutPage++;
      sessions.entry(r.event, at, r.pageref);
    };
    const extractor = createItemExtractor(TARGETS, {
      item: guardedItem(TARGETS, sink.bad, item),
      bad: sink.bad,
      value(v) {
        if (v.kind !== 'object' || !v.keys.includes('log')) {
          sink.bad('not a HAR document: expected an object with a "log" object in it', v.at, '');
        }
      },
    });
    return {
      write: (chunk) => extractor.write(chunk),
      end() {
        try {
          extractor.end();
        } finally {
          // Pages still waiting for a session named by a request go on with derived ones.
          sessions.end();
        }
      },
      describe(): FormatReport {
        const all = [...notes];
        const late = sessions.namedLate;
        if (late > 0) {
          all.push(`${late} page${late === 1 ? '' : 's'} named a session only after many requests; the requests before it have a derived session`);
        }
        if (withoutPage > 0) {
          all.push(`${withoutPage} entr${withoutPage === 1 ? 'y names a page' : 'ies name pages'} not listed before it; their page is the Referer`);
        }
        return all.length > 0 ? { notes: all } : {};
      },
    };
  },
};
