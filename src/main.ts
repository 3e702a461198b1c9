import { parseArgs } from 'node:util';
import type { Config } from './config.ts';
import { buildApp } from './app/build.ts';
import { ensureSampleData } from './app/sample-data.ts';
import { withDb } from './store/open.ts';

export const START_HELP = `Usage: paperboy start [--db PATH]
Runs the bot. Slack starts when SLACK_BOT_TOKEN is set, Discord when DISCORD_TOKEN is set;
with neither, paperboy runs in this terminal: it ingests the bundled sample listings into an empty store,
prints the latest digest and reads commands (try: help, search diffusion, paper 1, compare 1 2, quit).
With PAPERBOY_HEALTH_PORT set, GET /healthz and /readyz answer on that port in every mode.`;

/** `npm start`: the composition root. Builds everything from the config, starts what is configured, stops cleanly. */
export async function runStart(argv: string[], config: Config): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return (void process.stdout.write(`${START_HELP}\n`), 0);
  const app = await buildApp(withDb(config, values.db));
  try {
    if (config.health.port !== undefined) await app.startHealth(config.health.port);
    if (app.chatAdapters.length === 0) {
      // Sample listings only where the terminal is the platform: a lab's Slack or Discord store never gets them.
      await ensureSampleData(app.store, config.sampleListingsDir, app.log);
      return await app.runTerminal();
    }
    const signalled = new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await app.startChat();
    await signalled;
    app.log.info('shutting down');
    return 0;
  } finally {
    await app.stop();
  }
}
