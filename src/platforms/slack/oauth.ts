/**
 * Many workspaces: Slack's OAuth install flow through Bolt's own installer (@slack/oauth's InstallProvider,
 * which Bolt's HTTPReceiver builds from these options): GET /slack/install sets the state cookie and sends the
 * browser to Slack, GET /slack/oauth_redirect checks the state, exchanges the code (oauth.v2.access) and
 * stores the installation (oauth-store.ts). Bolt's authorize then reads it for every request; the adapter
 * reads it for the scheduler's posts. Uninstalling the app, or revoking its bot token, removes the
 * installation and the workspace's digests.
 */
import type { App, HTTPReceiverOptions, webApi } from '@slack/bolt';
import type { Logger } from '../../log.ts';
import type { StoreApi } from '../../store/api.ts';
import { INSTALL_PATH, REDIRECT_PATH, SLACK_BOT_SCOPES } from './manifest.ts';
import { workspacePrefix } from './oauth-keys.ts';
import { createInstallationStore } from './oauth-store.ts';

export interface SlackOAuthOptions {
  /** Basic Information → App Credentials. */
  readonly clientId: string;
  readonly clientSecret: string;
  /** Signs the `state` of each install (Bolt's ClearStateStore), checked against the browser's cookie. */
  readonly stateSecret: string;
}

export type InstallerOptions = Pick<
  HTTPReceiverOptions,
  'clientId' | 'clientSecret' | 'stateSecret' | 'installationStore' | 'scopes' | 'installerOptions'
>;

/**
 * The HTTPReceiver options that turn Bolt's installer on. `apiUrl` (GovSlack, tests) moves the authorize
 * page along with the Web API: https://slack-gov.com/api/ → https://slack-gov.com/oauth/v2/authorize.
 */
export function installerOptions(
  oauth: SlackOAuthOptions,
  deps: { store: StoreApi; log: Logger; clientOptions: webApi.WebClientOptions; apiUrl?: string | undefined },
): InstallerOptions {
  const { logger: _logger, logLevel: _level, ...clientOptions } = deps.clientOptions;
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    installationStore: createInstallationStore(deps.store, deps.log),
    scopes: [...SLACK_BOT_SCOPES],
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // Straight to Slack's consent page: paperboy's own page would only hold an "Add to Slack" link.
      directInstall: true,
      clientOptions,
      ...(deps.apiUrl ? { authorizationUrl: new URL('../oauth/v2/authorize', deps.apiUrl).href } : {}),
    },
  };
}

/**
 * `app_uninstalled`, and `tokens_revoked` naming the bot: the workspace's installation and its digests go
 * (Bolt delivers both events without authorizing them: the token may be gone already). Revoked user tokens
 * change nothing: paperboy asks for none. `forget` drops what the adapter kept for the workspace.
 */
export function listenForUninstalls(app: App, store: StoreApi, log: Logger, forget: (teamId: string) => void): void {
  const uninstall = async (teamId: string | undefined, why: string) => {
    if (!teamId) return void log.warn(`${why} came without a team id; nothing removed`);
    const removed = await store.retryWhileBusy(() => store.installations.uninstall(teamId, workspacePrefix(teamId)));
    forget(teamId);
    log.info('removed a Slack workspace', { team: teamId, why, installation: removed.installation, digests: removed.subscriptions });
  };
  app.event('app_uninstalled', async ({ context, body }) => uninstall(context.teamId ?? body.team_id, 'app_uninstalled'));
  app.event('tokens_revoked', async ({ event, context, body }) => {
    if ((event.tokens.bot ?? []).length > 0) await uninstall(context.teamId ?? body.team_id, 'tokens_revoked');
  });
}
