import type { Db } from './db.ts';

/** Which installation: a workspace (teamId) or an organisation-wide one (teamId '' and its enterpriseId). */
export interface InstallationKey {
  readonly teamId: string;
  /** '' outside an Enterprise Grid. */
  readonly enterpriseId: string;
}

/** The installation as the platform gave it (JSON, tokens included), and when it was first and last stored. */
export interface StoredInstallation extends InstallationKey {
  readonly data: string;
  readonly installedAt: string;
  readonly updatedAt: string;
}

export interface InstallationRow {
  team_id: string;
  enterprise_id: string;
  data: string;
  installed_at: string;
  updated_at: string;
}

export const toInstallation = (row: InstallationRow): StoredInstallation => ({
  teamId: row.team_id,
  enterpriseId: row.enterprise_id,
  data: row.data,
  installedAt: row.installed_at,
  updatedAt: row.updated_at,
});

/** An uninstall without both would remove every workspace's installation or digests. */
export function checkUninstall(teamId: string, channelPrefix: string): void {
  if (!teamId || !channelPrefix) throw new Error('uninstall needs the team id and the prefix of its channel ids');
}

/**
 * Slack workspaces that installed the app through OAuth, each with its own bot token. The data is opaque
 * here: src/platforms/slack/oauth-store.ts reads and writes it. A reinstall replaces the data in place.
 */
export class InstallationRepo {
  private readonly db: Db;
  private readonly statements;

  constructor(db: Db) {
    this.db = db;
    this.statements = {
      put: db.prepare(`INSERT INTO slack_installations (team_id, enterprise_id, data, installed_at, updated_at)
        VALUES (@teamId, @enterpriseId, @data, @at, @at)
        ON CONFLICT (team_id, enterprise_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`),
      get: db.prepare<[string, string], InstallationRow>('SELECT * FROM slack_installations WHERE team_id = ? AND enterprise_id = ?'),
      byTeam: db.prepare<[string], InstallationRow>(
        "SELECT * FROM slack_installations WHERE team_id = ? AND team_id <> '' ORDER BY updated_at DESC LIMIT 1",
      ),
      remove: db.prepare<[string, string]>('DELETE FROM slack_installations WHERE team_id = ? AND enterprise_id = ?'),
      removeTeam: db.prepare<[string]>("DELETE FROM slack_installations WHERE team_id = ? AND team_id <> ''"),
      removeSubscriptions: db.prepare<[string, string]>(
        "DELETE FROM subscriptions WHERE platform = 'slack' AND substr(channel_id, 1, length(?)) = ?",
      ),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM slack_installations'),
    };
  }

  put(key: InstallationKey, data: string, now: Date = new Date()): void {
    this.statements.put.run({ teamId: key.teamId, enterpriseId: key.enterpriseId, data, at: now.toISOString() });
  }

  get(key: InstallationKey): StoredInstallation | undefined {
    const row = this.statements.get.get(key.teamId, key.enterpriseId);
    return row ? toInstallation(row) : undefined;
  }

  /** The workspace's installation whatever its enterprise (team ids are unique across Slack). */
  forTeam(teamId: string): StoredInstallation | undefined {
    const row = this.statements.byTeam.get(teamId);
    return row ? toInstallation(row) : undefined;
  }

  count(): number {
    return this.statements.count.get()!.n;
  }

  remove(key: InstallationKey): boolean {
    return this.statements.remove.run(key.teamId, key.enterpriseId).changes > 0;
  }

  /**
   * A workspace's uninstall (whatever its enterprise): the installation goes, and with it the digests of the workspace's channels (those whose
   * channel id starts with `channelPrefix`), in one transaction. Its lists, votes and follows stay for a reinstall.
   */
  uninstall(teamId: string, channelPrefix: string): { installation: boolean; subscriptions: number } {
    checkUninstall(teamId, channelPrefix);
    return this.db.transaction(() => ({
      installation: this.statements.removeTeam.run(teamId).changes > 0,
      subscriptions: this.statements.removeSubscriptions.run(channelPrefix, channelPrefix).changes,
    }))();
  }
}
