// The saved views the core keeps (views.* calls): listed once, then kept from each answer.
import { useCallback, useEffect, useState } from 'react';
import type { Client } from '../api/client.js';
import type { SavedView } from '../../../shared/views.js';

export type SaveResult = 'saved' | 'replaced' | 'exists';

export interface SavedViews {
  views: SavedView[];
  /** Why the last call failed, in the core's words; null after a success. */
  error: string | null;
  save(view: SavedView, replace: boolean): Promise<SaveResult | null>;
  remove(name: string): Promise<void>;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function useSavedViews(client: Client): SavedViews {
  const [views, setViews] = useState<SavedView[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    client.call('views.list', {}).then(
      (r) => live && setViews(r.views),
      (err: unknown) => live && setError(message(err)),
    );
    return () => {
      live = false;
    };
  }, [client]);
  const save = useCallback(
    async (view: SavedView, replace: boolean) => {
      try {
        const r = await client.call('views.save', { view, replace });
        setViews(r.views);
        setError(null);
        return r.outcome;
      } catch (err) {
        setError(message(err));
        return null;
      }
    },
    [client],
  );
  const remove = useCallback(
    async (name: string) => {
      try {
        setViews((await client.call('views.remove', { name })).views);
        setError(null);
      } catch (err) {
        setError(message(err));
      }
    },
    [client],
  );
  return { views, error, save, remove };
}
