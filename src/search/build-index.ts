/**
 * Builds the impact lists from every paper's text in one read snapshot, then swaps them in at once,
 * unless the full-text index changed meanwhile (the next build will catch up). Until a build matches the
 * current index, searches take the plain bm25 path: stale lists cost speed, never correctness.
 */
import type { Db } from '../store/db.ts';
import { SearchIndexRepo } from '../store/search-index.ts';
import { ImpactListBuilder, encodeList } from './impact-lists.ts';

/** Entries per frequent term. Deeper lists prove more queries without the full query, and cost more to build. */
export const DEFAULT_DEPTH = 1000;

export type BuildOutcome =
  | { readonly built: true; readonly papers: number; readonly terms: number; readonly seconds: number }
  | { readonly built: false; readonly reason: string };

export function rebuildSearchIndex(db: Db, options: { depth?: number } = {}): BuildOutcome {
  const depth = options.depth ?? DEFAULT_DEPTH;
  const repo = new SearchIndexRepo(db);
  const started = performance.now();
  const { builder, snapshot, papers } = repo.scan((snapshot, texts) => {
    const builder = new ImpactListBuilder({ depth, averageLength: snapshot.averageLength });
    let papers = 0;
    for (const paper of texts) {
      builder.add(paper);
      papers += 1;
    }
    return { builder, snapshot, papers };
  });
  let terms = 0;
  const lists = (function* () {
    for (const [term, list] of builder.lists()) {
      terms += 1;
      yield [term, list.df, encodeList(list)] as [string, number, Buffer];
    }
  })();
  if (!repo.replace({ ftsVersion: snapshot.version, depth, papers }, lists)) return { built: false, reason: 'the full-text index changed during the build' };
  return { built: true, papers, terms, seconds: (performance.now() - started) / 1000 };
}
