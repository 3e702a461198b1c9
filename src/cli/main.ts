import { loadConfig, loadDotEnv, type Config } from '../config.ts';
import { ConfigError, errorMessage } from '../errors.ts';
import { withDb } from '../store/open.ts';
import { storeProblem } from './store-problems.ts';

const HELP = `paperboy: daily paper digests, search, summaries and comparisons for research teams.

Usage: paperboy [--db PATH] <command> [options]

Commands:
  start                         Run the bot: Slack and/or Discord when their tokens are set, else the terminal
                                (ingests the bundled sample listings into an empty store first)
  ask "<command text>"          Run one bot command and print the reply (--json for the neutral message)
  parse FILE                    Parse a listing and print it as JSON (--format F, --date YYYY-MM-DD)
  ingest PATH|URL...            Store listings from files, folders or URLs (--sources: the configured feeds)
  digest post --to TARGET       Post a digest now (TARGET: slack:CHANNEL, discord:CHANNEL or terminal;
                                --date YYYY-MM-DD, --force to post again)
  digest history --to TARGET    The last digests of a channel and their state
  backup FILE                   A consistent copy of the store, safe while the bot runs
  demo                          Load the bundled sample listings into the store
  discord register [--guild ID] Deploy the slash commands to Discord (guild: instant; global otherwise)
  slack manifest [--http URL]   Print the Slack app manifest (Socket Mode unless --http is given)

Common options, before or after the command: --db PATH (default data/paperboy.db or PAPERBOY_DB),
-h/--help on any command. Settings come from the environment or a .env file: see .env.example.`;

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
  backup: async () => (await import('./backup-command.ts')).runBackup,
  demo: async () => (await import('./demo-command.ts')).runDemo,
  discord: async () => (await import('./discord-command.ts')).runDiscordCommand,
  slack: async () => (await import('./slack-command.ts')).runSlackCommand as Runner,
};

export async function main(argv: string[]): Promise<number> {
  // `parse … | head`: the reader left; stop quietly instead of printing an EPIPE stack.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const common = leadingOptions(argv);
  if ('error' in common) return (void process.stderr.write(`paperboy: ${common.error}\n\n${HELP}\n`), 2);
  const [name = 'start', ...rest] = common.rest;
  if (name === 'help' || (common.help && common.rest.length === 0)) return (void process.stdout.write(`${HELP}\n`), 0);
  const load = COMMANDS[name];
  if (!load) {
    const near = didYouMean(name, Object.keys(COMMANDS));
    process.stderr.write(`paperboy: unknown command “${name}”.${near ? ` Did you mean “${near}”?` : ''}\n\n${HELP}\n`);
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
  config = withDb(config, common.db);
  try {
    const run = await load();
    return await run(common.help ? ['--help', ...rest] : rest, config);
  } catch (error) {
    process.stderr.write(`paperboy ${name}: ${storeProblem(error, config.dbPath) ?? errorMessage(error)}\n`);
    if (process.env.LOG_LEVEL === 'debug') process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    return 1;
  }
}

/** Common options given before the command: `paperboy --db x ingest …` means `paperboy ingest … --db x`. */
function leadingOptions(argv: readonly string[]): { db?: string; help: boolean; rest: string[] } | { error: string } {
  let db: string | undefined;
  let help = false;
  let i = 0;
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') help = true;
    else if (arg.startsWith('--db=')) db = arg.slice('--db='.length);
    else if (arg === '--db') {
      db = argv[++i];
      if (db === undefined || db.startsWith('-')) return { error: '--db needs a PATH' };
    } else return { error: `unknown option “${arg}” before the command` };
  }
  return { ...(db !== undefined ? { db } : {}), help, rest: argv.slice(i) };
}

function didYouMean(word: string, names: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let diagonal = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const above = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length]!;
  };
  const best = names.map((name) => ({ name, d: distance(word.toLowerCase(), name) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= 2 ? best.name : undefined;
}
