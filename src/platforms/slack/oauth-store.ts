/**
 * Bolt's installation store (InstallationStore of @slack/oauth) over the database: what the OAuth redirect
 * stores and what Bolt's authorize reads on every request, so each workspace is answered with its own token.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Logger } from '../../log.ts';
import type { InstallationKey } from '../../store/installations.ts';
import type { StoreApi } from '../../store/api.ts';

/** Slack's installer stores team and enterprise as given; an organisation-wide install has no team. */
function keyOf(query: { teamId?: string | undefined; enterpriseId?: string | undefined; isEnterpriseInstall?: boolean }): InstallationKey {
  return query.isEnterpriseInstall
    ? { teamId: '', enterpriseId: query.enterpriseId ?? '' }
    : { teamId: query.teamId ?? '', enterpriseId: query.enterpriseId ?? '' };
}

export function createInstallationStore(store: StoreApi, log: Logger): InstallationStore {
  return {
    async storeInstallation(installation: Installation) {
      // Digests are posted by channel, and a channel is found by its workspace: org-wide installs would need
      // the enterprise in every stored id. The manifest turns them off (org_deploy_enabled: false).
      if (installation.isEnterpriseInstall || !installation.team?.id) {
        throw new Error('organisation-wide installs are not supported: install paperboy in each workspace');
      }
      const key = keyOf({ teamId: installation.team.id, enterpriseId: installation.enterprise?.id });
      if (!installation.bot?.token) throw new Error('the installation has no bot token (the bot scopes were not granted)');
      await store.retryWhileBusy(() => store.installations.put(key, JSON.stringify(installation)));
      log.info('installed in a Slack workspace', { team: key.teamId, name: installation.team.name ?? '' });
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      const key = keyOf(query);
      const found = key.teamId ? await store.installations.forTeam(key.teamId) : await store.installations.get(key);
      if (!found) throw new Error(`paperboy is not installed in workspace ${key.teamId || key.enterpriseId || '(unknown)'}`);
      return JSON.parse(found.data) as Installation;
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      await store.retryWhileBusy(() => store.installations.remove(keyOf(query)));
    },
  };
}
