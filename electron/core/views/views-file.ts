// Saved views, kept in a small JSON file beside the database (or in memory for `:memory:`).
// A file rather than the store's settings: views are the app's, not the events', and the port
// would otherwise grow a settings API on both adapters (ClickHouse included) for a few KB of
// JSON. Beside the database, so each database (and each test's temp database) has its own views,
// and browser mode finds them whatever origin the page has this run.
import fs from 'node:fs';
import path from 'node:path';
import { MAX_VIEWS, SavedViewsSchema, sameViewName, type SavedView } from '../../../shared/views.js';

export class ViewsError extends Error {
  override name = 'ViewsError';
}

export type SaveOutcome = 'saved' | 'replaced' | 'exists';

export interface ViewsFile {
  list(): SavedView[];
  /** `exists` (nothing written) when the name is taken and `replace` was not asked for. */
  save(view: SavedView, replace: boolean): SaveOutcome;
  /** False when no view had that name. */
  remove(name: string): boolean;
}

/** `file` null: views live as long as the process (an in-memory store's). */
export function openViewsFile(file: string | null): ViewsFile {
  let memory: SavedView[] = [];

  const read = (): SavedView[] => {
    if (file === null) return memory;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ViewsError(`The saved views file ${file} is not valid JSON; fix it or delete it to start again.`);
    }
    const parsed = SavedViewsSchema.safeParse(json);
    if (!parsed.success) throw new ViewsError(`The saved views file ${file} is damaged (${parsed.error.issues[0]?.message ?? 'unexpected content'}); fix it or delete it to start again.`);
    return parsed.data.views;
  };

  const write = (views: SavedView[]) => {
    if (file === null) {
      memory = views;
      return;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written aside then renamed: a crash mid-write leaves the old file whole, never half of one.
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify({ views }, null, 2)}\n`);
    fs.renameSync(temp, file);
  };

  return {
    list: read,
    save(view, replace) {
      const views = read();
      const at = views.findIndex((v) => sameViewName(v.name, view.name));
      if (at >= 0) {
        if (!replace) return 'exists';
        views[at] = view;
        write(views);
        return 'replaced';
      }
      if (views.length >= MAX_VIEWS) throw new ViewsError(`There are already ${MAX_VIEWS} saved views; delete one before saving another.`);
      write([...views, view]);
      return 'saved';
    },
    remove(name) {
      const views = read();
      const kept = views.filter((v) => !sameViewName(v.name, name));
      if (kept.length === views.length) return false;
      write(kept);
      return true;
    },
  };
}
