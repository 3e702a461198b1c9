import { loadConfig, loadDotEnv, type Config } from '../config.ts';
import { ConfigError, errorMessage } from '../errors.ts';

const HELP = `paperboy: daily paper digests, search, summaries and comparisons for research teams.

Usage: paperboy <command> [options]

Commands:
  start                         Run the bot: Slack and/or Discord when their tokens are set, else the terminal
                                (ingests the bundled sample listings into an empty store first)
  ask "<command text>"          Run one bot command and print the reply (--json for the neutral message)
  parse FILE                    Parse a listing and print it as JSON (--format F, --date YYYY-MM-DD)
  ingest PATH|URL...            Store listings from files, folders or URLs (--sources: the configured feeds)
  digest post --to TARGET       Post a digest now (TARGET: slack:CHANNEL, discord:CHANNEL or terminal;
                                --date YYYY-MM-DD, --force to post again)
  digest history --to TARGET    The last digests of a channel and their state
  discord register [--guild ID] Deploy the slash commands to Discord (guild: instant; global otherwise)
  slack manifest [--http URL]   Print the Slack app manifest (Socket Mode unless --http is given)

Common options: --db PATH (default data/paperboy.db or PAPERBOY_DB), -h/--help on any command.
Settings come from the environment or a .env file: see .env.example.`;

type Runner = (argv: string[], config: Config) => Promise<number> | number;

const COMMANDS: Record<string, () => Promise<Runner>> = {
  start: async () => (await import('../main.ts')).runStart,
  ask: async () => (await import('./ask-command.ts')).runAskCommand,
  parse: async () => {
    const { runParse } = await import('./parse.ts');
    return (argv) => runParse(argv);
  },
  ingest: async () => (await import('./ingest.ts')).runIngest,
  digest: async () => (await import('./digest-command.ts')).runDigestCommand,
  discord: async () => (await import('./discord-command.ts')).runDiscordCommand,
  slack: async () => (await import('./slack-command.ts')).runSlackCommand as Runner,
};

export async function main(argv: string[]): Promise<number> {
  const [name = 'start', ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`paperboy: unknown command “${name}”.\n\n${HELP}\n`);
    return 2;
  }
  let config: Config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`paperboy: ${error instanceof ConfigError ? error.message : errorMessage(error)}\n`);
    return 2;
  }
  try {
    const run = await load();
    return await run(rest, config);
  } catch (error) {
    process.stderr.write(`paperboy ${name}: ${errorMessage(error)}\n`);
    if (process.env.LOG_LEVEL === 'debug') process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    return 1;
  }
}
