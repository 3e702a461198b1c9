import { existsSync } from 'node:fs';
import { ingestTargets } from '../ingest/ingest.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { progressBar } from '../cli/progress.ts';

/** An empty store gets the bundled sample listings, so a first `npm start` has papers to show without any network. */
export async function ensureSampleData(store: Store, dir: string, log: Logger): Promise<void> {
  if (store.papers.count() > 0) return;
  if (!existsSync(dir)) {
    log.warn(`the store is empty and there are no sample listings at ${dir}; ingest some with: npx paperboy ingest PATH|URL`);
    return;
  }
  const report = await ingestTargets(store, [dir], { onProgress: progressBar() });
  for (const target of report.targets) if (target.error) log.warn(target.error);
  log.info(`loaded ${report.totals.new} papers from the sample listings in ${dir}`);
}
