import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCore } from '../app/core.ts';
import { ensureSampleData } from '../app/sample-data.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { isPostgresUrl } from '../store/contract.ts';
import { withDb } from '../store/open.ts';
import { runAsk } from './ask.ts';

export const ASK_HELP = `Usage: paperboy ask "<command text>" [--json] [--db PATH]
Runs one bot command (as typed after /papers) and prints the reply, e.g.
  paperboy ask "search \\"video generation\\" -survey"
  paperboy ask "top week 5" --json
Numbers from one ask ("search …") work in the next ("compare 1 2").`;

export async function runAskCommand(argv: string[], config: Config): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return (void process.stdout.write(`${ASK_HELP}\n`), 0);
  if (positionals.length === 0) return (void process.stderr.write(`${ASK_HELP}\n`), 2);
  const log = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, format: config.logFormat });
  const core = await buildCore(withDb(config, values.db), log);
  try {
    // The terminal's sample listings never go into a store that Slack or Discord is configured to use.
    if (!config.slack && !config.discord) await ensureSampleData(core.store, config.sampleListingsDir, log);
    const dbPath = values.db ?? config.dbPath;
    const filesDir = dbPath === ':memory:' || isPostgresUrl(dbPath) ? undefined : join(dirname(dbPath), 'charts');
    const json = values.json ?? false;
    return await runAsk(positionals.join(' '), {
      dispatcher: core.dispatcher,
      output: process.stdout,
      json,
      ...(filesDir ? { filesDir } : {}),
    });
  } finally {
    await core.store.close();
  }
}
