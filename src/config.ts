import { existsSync } from 'node:fs';
import { ConfigError } from './errors.ts';

export type SourceSpec = { kind: 'hf' } | { kind: 'arxiv-rss'; categories: string } | { kind: 'arxiv-api'; query: string };

export interface Config {
  dbPath: string;
  /** DATABASE_URL: the store on PostgreSQL (every replica shares it) instead of the SQLite file at dbPath. */
  databaseUrl?: string;
  /** Listings loaded into an empty store when the terminal is the platform; null when PAPERBOY_SAMPLE_LISTINGS is empty. */
  sampleListingsDir: string | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  logFormat: 'text' | 'json';
  /** The one root command word ("papers"): Slack's /papers, Discord's /papers, and every hint that names it. */
  rootCommand: string;
  /** GET /healthz and /readyz on HOST at this port; off when unset. */
  health: { port?: number };
  /** How long shutdown waits for answers being computed before closing the store. */
  shutdownGraceMs: number;
  /** One workspace (botToken), or many (oauth: HTTP mode, each workspace's token from its install). */
  slack?: {
    botToken?: string;
    oauth?: { clientId: string; clientSecret: string; stateSecret: string };
    signingSecret?: string;
    appToken?: string;
    mode: 'http' | 'socket';
    apiUrl?: string;
    commandName: string;
  };
  discord?: {
    token: string;
    applicationId?: string;
    apiUrl?: string;
    guildId?: string;
    interactions?: { publicKey: string; port: number };
    commandName: string;
  };
  http: { host: string; port: number };
  llm: {
    apiKey?: string;
    baseURL?: string;
    model: string;
    timeoutMs: number;
    maxRetries: number;
    concurrency: number;
    /** /v1/embeddings model for the channel taste; unset: tf-idf. */
    embeddingModel?: string;
  };
  sources: {
    list: SourceSpec[];
    hfApiUrl: string;
    arxivApiUrl: string;
    arxivRssUrl: string;
    /** arXiv's HTML renderings of papers (`ask` reads the full text there): the id and version are appended. */
    arxivHtmlUrl: string;
    timeoutMs: number;
    retries: number;
    /** Days fetched before a digest, ending today (HF's lists keep growing after the day starts). */
    fetchDays: number;
    /** A fetched answer larger than this is refused. */
    maxBytes: number;
  };
  scheduler: { instanceId?: string; catchUpGraceHours: number; leaseTtlMs: number; claimStaleMs: number };
  /** Follow-ups on discussed papers: watched this many days after the last discussion; upvotes that count as a jump. */
  followups: { days: number; upvoteJump: number };
}

type Env = Readonly<Record<string, string | undefined>>;

const URL_KEYS = [
  'SLACK_API_URL',
  'DISCORD_API_URL',
  'OPENAI_BASE_URL',
  'HF_API_URL',
  'ARXIV_API_URL',
  'ARXIV_RSS_URL',
  'ARXIV_HTML_URL',
] as const;
const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** Reads `.env` (if present) into process.env without overriding what is already set. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** Reads and validates every setting once; all problems are reported together in one ConfigError. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const get = (key: string): string | undefined => {
    const value = env[key]?.trim();
    return value ? value : undefined;
  };
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const raw = get(key);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) problems.push(`${key} must be a whole number from ${min} to ${max}; got “${raw}”`);
    return Number.isInteger(n) ? n : fallback;
  };
  for (const key of URL_KEYS) {
    const raw = get(key);
    if (raw && !/^https?:\/\/[^\s/]+/i.test(raw)) problems.push(`${key} must be an http(s) URL; got “${raw}”`);
  }
  // An empty value turns a feature off (as .env.example says); only an unset one takes the default.
  const orDefault = (key: string, fallback: string): string => (env[key] === undefined ? fallback : env[key]!.trim());
  const logFormat = (get('LOG_FORMAT') ?? 'text').toLowerCase();
  if (logFormat !== 'text' && logFormat !== 'json') problems.push(`LOG_FORMAT must be text or json; got “${logFormat}”`);
  const rootCommand = (get('PAPERBOY_COMMAND') ?? get('SLACK_COMMAND') ?? 'papers').replace(/^\//, '');
  if (!/^[a-z0-9_-]{1,31}$/.test(rootCommand))
    problems.push(`PAPERBOY_COMMAND must be one lower-case word such as papers (used as /papers); got “${rootCommand}”`);
  const healthPort = get('PAPERBOY_HEALTH_PORT') === undefined ? undefined : int('PAPERBOY_HEALTH_PORT', 0, 0, 65535);
  const logLevel = (get('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LEVELS as readonly string[]).includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LEVELS.join(', ')}; got “${logLevel}”`);

  const embeddingModel = get('PAPERBOY_EMBEDDING_MODEL');
  if (embeddingModel && !/^[\w.:/@-]{1,200}$/.test(embeddingModel))
    problems.push(`PAPERBOY_EMBEDDING_MODEL must be a model name such as text-embedding-3-small; got “${embeddingModel.slice(0, 80)}”`);
  if (embeddingModel && !get('OPENAI_API_KEY') && !get('OPENAI_BASE_URL'))
    problems.push('PAPERBOY_EMBEDDING_MODEL needs OPENAI_BASE_URL or OPENAI_API_KEY (the embeddings server is the LLM one)');

  const databaseUrl = get('DATABASE_URL');
  // The URL is not echoed: it usually holds the database password.
  if (databaseUrl && !/^postgres(?:ql)?:\/\/\S+$/i.test(databaseUrl))
    problems.push(
      'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/paperboy (or unset, for the SQLite file PAPERBOY_DB)',
    );

  const config: Config = {
    dbPath: get('PAPERBOY_DB') ?? 'data/paperboy.db',
    ...optional('databaseUrl', databaseUrl),
    sampleListingsDir: orDefault('PAPERBOY_SAMPLE_LISTINGS', 'data/listings') || null,
    logLevel: logLevel as Config['logLevel'],
    logFormat: logFormat === 'json' ? 'json' : 'text',
    rootCommand,
    health: optional('port', healthPort),
    shutdownGraceMs: int('PAPERBOY_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    http: { host: get('HOST') ?? '0.0.0.0', port: int('PORT', 3000, 0, 65535) },
    llm: {
      ...optional('apiKey', get('OPENAI_API_KEY')),
      ...optional('baseURL', get('OPENAI_BASE_URL')),
      model: get('PAPERBOY_MODEL') ?? 'gpt-4o-mini',
      timeoutMs: int('OPENAI_TIMEOUT_MS', 30_000, 100, 600_000),
      maxRetries: int('OPENAI_MAX_RETRIES', 2, 0, 10),
      concurrency: int('PAPERBOY_LLM_CONCURRENCY', 4, 1, 64),
      ...optional('embeddingModel', get('PAPERBOY_EMBEDDING_MODEL')),
    },
    sources: {
      list: parseSources(orDefault('PAPERBOY_SOURCES', 'hf'), problems),
      hfApiUrl: trimSlash(get('HF_API_URL') ?? 'https://huggingface.co/api'),
      arxivApiUrl: trimSlash(get('ARXIV_API_URL') ?? 'https://export.arxiv.org/api'),
      arxivRssUrl: trimSlash(get('ARXIV_RSS_URL') ?? 'https://rss.arxiv.org/rss'),
      arxivHtmlUrl: `${trimSlash(get('ARXIV_HTML_URL') ?? 'https://arxiv.org/html')}/`,
      timeoutMs: int('PAPERBOY_FETCH_TIMEOUT_MS', 20_000, 100, 600_000),
      retries: int('PAPERBOY_FETCH_RETRIES', 3, 0, 10),
      fetchDays: int('PAPERBOY_FETCH_DAYS', 2, 1, 14),
      maxBytes: int('PAPERBOY_FETCH_MAX_MB', 50, 1, 2048) * 1024 * 1024,
    },
    scheduler: {
      ...optional('instanceId', get('PAPERBOY_INSTANCE_ID')),
      catchUpGraceHours: int('PAPERBOY_CATCHUP_GRACE_HOURS', 24, 0, 48),
      leaseTtlMs: int('PAPERBOY_LEASE_SECONDS', 60, 3, 3600) * 1000,
      claimStaleMs: int('PAPERBOY_CLAIM_STALE_SECONDS', 300, 2, 86_400) * 1000,
    },
    followups: {
      days: int('PAPERBOY_FOLLOWUP_DAYS', 60, 0, 3650),
      upvoteJump: int('PAPERBOY_FOLLOWUP_UPVOTES', 50, 1, 1_000_000),
    },
  };

  const slackToken = get('SLACK_BOT_TOKEN');
  const oauth = slackOAuth(get, problems);
  if (oauth) {
    if (slackToken)
      problems.push(
        'SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: unset SLACK_BOT_TOKEN (each workspace gets its own token at /slack/install)',
      );
    if (get('SLACK_APP_TOKEN')) problems.push('Slack OAuth (SLACK_CLIENT_ID) needs HTTP mode: unset SLACK_APP_TOKEN (Socket Mode)');
    if (!get('SLACK_SIGNING_SECRET')) problems.push('Slack OAuth (SLACK_CLIENT_ID) needs SLACK_SIGNING_SECRET (HTTP mode)');
    config.slack = {
      oauth,
      mode: 'http',
      commandName: `/${rootCommand}`,
      ...optional('signingSecret', get('SLACK_SIGNING_SECRET')),
      ...optional('apiUrl', slackApiUrl(get('SLACK_API_URL'))),
    };
  } else if (slackToken) {
    const appToken = get('SLACK_APP_TOKEN');
    const signingSecret = get('SLACK_SIGNING_SECRET');
    if (!slackToken.startsWith('xoxb-')) problems.push('SLACK_BOT_TOKEN must start with xoxb- (the Bot User OAuth Token)');
    if (appToken && !appToken.startsWith('xapp-'))
      problems.push('SLACK_APP_TOKEN must start with xapp- (an app-level token with connections:write)');
    if (!appToken && !signingSecret)
      problems.push('Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) besides SLACK_BOT_TOKEN');
    config.slack = {
      botToken: slackToken,
      mode: appToken ? 'socket' : 'http',
      commandName: `/${rootCommand}`,
      ...optional('appToken', appToken),
      ...optional('signingSecret', signingSecret),
      ...optional('apiUrl', slackApiUrl(get('SLACK_API_URL'))),
    };
  } else if (get('SLACK_APP_TOKEN') || get('SLACK_SIGNING_SECRET')) {
    problems.push('SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not: Slack stays off until it is set');
  }

  const discordToken = get('DISCORD_TOKEN');
  const publicKey = get('DISCORD_PUBLIC_KEY');
  if (publicKey && !/^[0-9a-f]{64}$/i.test(publicKey))
    problems.push("DISCORD_PUBLIC_KEY must be the 64 hex characters of the application's Public Key (General Information page)");
  if (discordToken) {
    const port = int('DISCORD_INTERACTIONS_PORT', config.http.port, 0, 65535);
    // Slack in HTTP mode has PORT already: the endpoint then needs a port of its own.
    if (publicKey && config.slack?.mode === 'http' && port === config.http.port) {
      problems.push(
        `DISCORD_INTERACTIONS_PORT must be set to a port other than PORT (${config.http.port}), which Slack's HTTP mode listens on`,
      );
    }
    config.discord = {
      token: discordToken,
      commandName: rootCommand,
      ...optional('applicationId', get('DISCORD_APPLICATION_ID')),
      ...optional('apiUrl', get('DISCORD_API_URL') ? trimSlash(get('DISCORD_API_URL')!) : undefined),
      ...optional('guildId', get('DISCORD_GUILD_ID')),
      ...optional('interactions', publicKey ? { publicKey, port } : undefined),
    };
  } else if (publicKey) {
    problems.push(
      'DISCORD_PUBLIC_KEY is set but DISCORD_TOKEN is not: Discord stays off until it is set (digests are posted with the bot token)',
    );
  }
  const httpPorts = [config.slack?.mode === 'http' ? config.http.port : undefined, config.discord?.interactions?.port];
  if (healthPort !== undefined && healthPort !== 0 && httpPorts.includes(healthPort))
    problems.push(`PAPERBOY_HEALTH_PORT (${healthPort}) must differ from the port Slack's HTTP mode or the Discord endpoint listens on`);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const OAUTH_KEYS = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;
/** Bolt's state store signs with it: a guessable one lets a forged install through. */
const MIN_STATE_SECRET = 16;

/** Many workspaces: the three OAuth settings together (Basic Information → App Credentials, and a secret of our own). */
function slackOAuth(get: (key: string) => string | undefined, problems: string[]): NonNullable<Config['slack']>['oauth'] {
  const missing = OAUTH_KEYS.filter((key) => !get(key));
  if (missing.length === OAUTH_KEYS.length) return undefined;
  if (missing.length > 0) {
    problems.push(`Slack OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together; missing: ${missing.join(', ')}`);
    return undefined;
  }
  const stateSecret = get('SLACK_STATE_SECRET')!;
  if (stateSecret.length < MIN_STATE_SECRET)
    problems.push(`SLACK_STATE_SECRET must be a random string of at least ${MIN_STATE_SECRET} characters (e.g. openssl rand -hex 32)`);
  return { clientId: get('SLACK_CLIENT_ID')!, clientSecret: get('SLACK_CLIENT_SECRET')!, stateSecret };
}

function parseSources(raw: string, problems: string[]): SourceSpec[] {
  const specs: SourceSpec[] = [];
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [kind, ...rest] = part.split(':');
    const arg = rest.join(':');
    if (kind === 'hf' && !arg) specs.push({ kind: 'hf' });
    else if (kind === 'arxiv' && /^[a-z-]+(\.[A-Za-z-]+)?(\+[a-z-]+(\.[A-Za-z-]+)?)*$/.test(arg))
      specs.push({ kind: 'arxiv-rss', categories: arg });
    else if (kind === 'arxiv-query' && arg) specs.push({ kind: 'arxiv-api', query: arg });
    else problems.push(`PAPERBOY_SOURCES: “${part}” is not a source; use hf, arxiv:cs.LG+cs.CL or arxiv-query:<search_query>`);
  }
  return specs;
}

/** Bolt's WebClient wants the base with a trailing slash: https://slack.com/api/ */
const slackApiUrl = (raw: string | undefined): string | undefined => (raw ? `${trimSlash(raw)}/` : undefined);
const trimSlash = (url: string): string => url.replace(/\/+$/, '');
const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
