// "Hide assets": the explorer's search leaves out requests for images, style sheets, fonts and
// scripts, counted here from the sample log's request lines on their own.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api } from '../../shared/api.js';
import { STATIC_ASSET_EXTENSIONS } from '../../shared/assets.js';
import { makeService } from '../helpers/service.js';
import { SAMPLE_ACCESS_LOG } from '../helpers/temp.js';

/** Request lines of the sample whose path (before any query string) ends in an asset's extension. */
function assetLines(): number {
  const exts = new Set<string>(STATIC_ASSET_EXTENSIONS);
  return fs
    .readFileSync(SAMPLE_ACCESS_LOG, 'utf8')
    .split('\n')
    .filter((line) => {
      const target = /"[A-Z]+ (\S+)/.exec(line)?.[1];
      if (!target) return false;
      const file = target.split(/[?#]/)[0]!.split('/').pop()!;
      const dot = file.lastIndexOf('.');
      return dot > 0 && exts.has(file.slice(dot + 1).toLowerCase());
    }).length;
}

describe('hiding static assets', () => {
  it('leaves out exactly the asset requests, the count and the pages alike, and keeps the rest', async () => {
    const service = await makeService();
    await service.importPath(SAMPLE_ACCESS_LOG);
    const search = async (input: Record<string, unknown>) => {
      const r = await service.dispatch('events.search', { limit: 5000, ...input });
      if (!r.ok) throw new Error(r.message);
      return api['events.search'].output.parse(r.value);
    };
    const all = await search({});
    const hidden = await search({ hide_assets: true });
    const assets = assetLines();
    expect(assets).toBeGreaterThan(1000);
    expect(hidden.total).toBe(all.total - assets);
    expect(hidden.events.some((e) => /\.(png|css|js)(\?|$)/i.test(e.url ?? ''))).toBe(false);
    // With a search of the user's: both apply.
    const errors = await search({ query: 'status:404' });
    const errorsHidden = await search({ query: 'status:404', hide_assets: true });
    expect(errorsHidden.total).toBeLessThan(errors.total);
    expect(errorsHidden.events.every((e) => e.status === 404)).toBe(true);
  });
});
