import { parseArgs } from 'node:util';
import { buildApp } from '../app/build.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { TERMINAL_CHANNEL } from '../platforms/terminal/index.ts';
import { digestHistory } from '../scheduler/history.ts';
import { parseTarget, runDigestPost } from './digest-post.ts';
import { withDb } from '../store/open.ts';
import { renderReply } from '../platforms/terminal/render.ts';

export const DIGEST_HELP = `Usage: paperboy digest post --to TARGET [--date YYYY-MM-DD] [--force] [--no-fetch] [--db PATH]
       paperboy digest history --to TARGET [--limit N] [--db PATH]
TARGET is slack:CHANNEL_ID, discord:CHANNEL_ID or terminal.
post: posts the channel's digest now, through the scheduler's path and its exactly-once rules: a digest
already posted for that day is not posted again unless --force. --date posts that day's listing. The
sources (PAPERBOY_SOURCES) are fetched first for PAPERBOY_FETCH_DAYS days up to that day, unless --no-fetch.
history: the channel's last digests and their state (posted, failed, missed, skipped).`;

export async function runDigestCommand(argv: string[], config: Config): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      date: { type: 'string' },
      force: { type: 'boolean' },
      'no-fetch': { type: 'boolean' },
      limit: { type: 'string' },
      db: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const action = positionals[0];
  if (values.help || (action !== 'post' && action !== 'history') || !values.to) {
    process.stdout.write(`${DIGEST_HELP}\n`);
    return values.help ? 0 : 2;
  }
  if (values.date && !/^\d{4}-\d{2}-\d{2}$/.test(values.date))
    return (void process.stderr.write(`--date must be YYYY-MM-DD; got “${values.date}”\n`), 2);
  const target = parseTarget(values.to);
  if (!target)
    return (void process.stderr.write(`“${values.to}” is not a target: use slack:CHANNEL_ID, discord:CHANNEL_ID or terminal.\n`), 2);
  const log = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const app = await buildApp(withDb(config, values.db), { log });
  try {
    if (action === 'history') {
      const reply = await digestHistory(app.store, target.platform === 'terminal' ? TERMINAL_CHANNEL : target, Number(values.limit ?? 10));
      process.stdout.write(renderReply(reply, { width: process.stdout.columns ?? 80, color: process.stdout.isTTY === true }));
      return 0;
    }
    const result = await runDigestPost(
      { to: values.to, ...(values.date ? { date: values.date } : {}), force: values.force ?? false },
      { store: app.store, llm: app.llm, adapters: app.adapters, log, ...(values['no-fetch'] ? {} : { refresh: app.refreshListings }) },
    );
    return result.exitCode;
  } finally {
    await app.stop();
  }
}
