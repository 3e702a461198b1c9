export interface SlackManifestOptions {
  /** The slash command, e.g. "/papers". */
  readonly commandName?: string;
  /** HTTP mode only: the public URL of Bolt's endpoint, e.g. "https://paperboy.example.org/slack/events". */
  readonly requestUrl?: string;
  readonly socketMode: boolean;
}

/**
 * Bot scopes, each needed by a feature:
 * - commands: the slash command;
 * - chat:write: answers in threads, shared replies and digests (chat.postMessage; message metadata needs nothing more);
 * - files:write: the weekly roundup's chart, uploaded into its thread (files.getUploadURLExternal, files.completeUploadExternal);
 * - app_mentions:read: "@paperboy compare 2 and 5" in a digest's thread;
 * - channels:history, groups:history: conversations.history and conversations.replies in public and private
 *   channels, read only to find a post (digest, shared answer, answer in a thread) already made with its
 *   idempotency key (message metadata) after a failure or a crash, so it is not posted twice; and to read the
 *   feedback buttons of a message someone reacted to, to know which paper the reaction is about;
 * - reactions:read: 👍 🔥 ⭐ / 👎 on a paper's message count as a like or a dislike (reaction_added, reaction_removed).
 * The feedback buttons need interactivity (block_actions), at the same request URL in HTTP mode.
 */
export const SLACK_BOT_SCOPES = [
  'commands',
  'chat:write',
  'files:write',
  'app_mentions:read',
  'channels:history',
  'groups:history',
  'reactions:read',
] as const;

export const SLACK_BOT_EVENTS = ['app_mention', 'reaction_added', 'reaction_removed'] as const;

/**
 * HTTP mode can serve many workspaces (SLACK_CLIENT_ID …): Slack's install redirects to /slack/oauth_redirect,
 * and an uninstall, or a revoked bot token, removes the workspace (oauth.ts). No scope is needed for either event.
 */
export const SLACK_INSTALL_EVENTS = ['app_uninstalled', 'tokens_revoked'] as const;
/** Bolt's installer serves both (oauth.ts); Slack sends the browser back to the second. */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/** The app manifest for "Create an app → From a manifest" at api.slack.com/apps. */
export function slackManifest(options: SlackManifestOptions): Record<string, unknown> {
  const command = options.commandName ?? '/papers';
  if (!options.socketMode && !options.requestUrl) {
    throw new Error('An HTTP-mode manifest needs the public request URL (https://<your host>/slack/events); or use Socket Mode.');
  }
  const url = options.socketMode ? {} : { url: options.requestUrl };
  const http = !options.socketMode;
  const redirect = http ? { redirect_urls: [new URL(REDIRECT_PATH, options.requestUrl).href] } : {};
  return {
    display_information: {
      name: 'paperboy',
      description: 'Daily research paper digests, search, summaries and comparisons.',
      background_color: '#2c2d30',
    },
    features: {
      bot_user: { display_name: 'paperboy', always_online: true },
      slash_commands: [
        {
          command,
          ...url,
          description: 'Search, summarise and compare papers; manage the daily digest',
          usage_hint: 'search diffusion | top | compare 1 4 | digest share | help',
          should_escape: false,
        },
      ],
    },
    oauth_config: { ...redirect, scopes: { bot: [...SLACK_BOT_SCOPES] } },
    settings: {
      event_subscriptions: {
        ...(options.socketMode ? {} : { request_url: options.requestUrl }),
        bot_events: [...SLACK_BOT_EVENTS, ...(http ? SLACK_INSTALL_EVENTS : [])],
      },
      interactivity: { is_enabled: true, ...(options.socketMode ? {} : { request_url: options.requestUrl }) },
      org_deploy_enabled: false,
      socket_mode_enabled: options.socketMode,
      token_rotation_enabled: false,
    },
  };
}

/** The manifest as pretty JSON, for `npx paperboy slack manifest`. */
export function printSlackManifest(options: SlackManifestOptions): string {
  return `${JSON.stringify(slackManifest(options), null, 2)}\n`;
}
