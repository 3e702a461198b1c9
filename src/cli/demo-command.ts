import { parseArgs } from 'node:util';
import { loadSampleData } from '../app/sample-data.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { openStore, storeLocation, withDb } from '../store/open.ts';

export const DEMO_HELP = `Usage: paperboy demo [--db PATH]
Loads the bundled sample listings (PAPERBOY_SAMPLE_LISTINGS, default data/listings) into the store, even
when Slack or Discord is configured. \`paperboy start\` does this by itself only in the terminal.`;

export async function runDemo(argv: string[], config: Config): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return (void process.stdout.write(`${DEMO_HELP}\n`), 0);
  const dir = config.sampleListingsDir ?? 'data/listings';
  const store = await openStore(storeLocation(withDb(config, values.db)));
  try {
    const added = await loadSampleData(store, dir, createLogger({ level: config.logLevel, format: config.logFormat }));
    process.stdout.write(`Loaded ${added} new papers from ${dir}; the store now holds ${await store.papers.count()} papers.\n`);
    return 0;
  } finally {
    await store.close();
  }
}
