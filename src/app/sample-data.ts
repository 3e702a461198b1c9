import { existsSync } from 'node:fs';
import { ingestTargets } from '../ingest/ingest.ts';
import type { Logger } from '../log.ts';
import type { StoreApi } from '../store/api.ts';
import { progressBar } from '../cli/progress.ts';

/**
 * An empty store gets the bundled sample listings, so a first `npm start` has papers to show without any
 * network. Callers do this only when the terminal is the platform (or on `paperboy demo`): a lab's Slack or
 * Discord store never receives made-up listings. `dir` is null when PAPERBOY_SAMPLE_LISTINGS is empty (off).
 */
export async function ensureSampleData(store: StoreApi, dir: string | null, log: Logger): Promise<void> {
  if (dir === null || (await store.papers.count()) > 0) return;
  await loadSampleData(store, dir, log);
}

export async function loadSampleData(store: StoreApi, dir: string, log: Logger): Promise<number> {
  if (!existsSync(dir)) {
    log.warn(`there are no sample listings at ${dir}; ingest some with: npx paperboy ingest PATH|URL`);
    return 0;
  }
  const report = await ingestTargets(store, [dir], { onProgress: progressBar() });
  for (const target of report.targets) if (target.error) log.warn(target.error);
  log.info(`loaded ${report.totals.new} papers from the sample listings in ${dir}`);
  return report.totals.new;
}
