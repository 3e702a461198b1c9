/** Slack workspaces installed through OAuth, on PostgreSQL: ../installations.ts's InstallationRepo. */
import type { Async } from '../async.ts';
import {
  checkUninstall,
  toInstallation,
  type InstallationKey,
  type InstallationRepo,
  type InstallationRow,
  type StoredInstallation,
} from '../installations.ts';
import { inTransaction, type PgPool } from './db.ts';

export class PgInstallationRepo implements Async<InstallationRepo> {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async put(key: InstallationKey, data: string, now: Date = new Date()): Promise<void> {
    await this.pool.query(
      `INSERT INTO slack_installations (team_id, enterprise_id, data, installed_at, updated_at) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (team_id, enterprise_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      [key.teamId, key.enterpriseId, data, now.toISOString()],
    );
  }

  async get(key: InstallationKey): Promise<StoredInstallation | undefined> {
    const { rows } = await this.pool.query<InstallationRow>('SELECT * FROM slack_installations WHERE team_id = $1 AND enterprise_id = $2', [
      key.teamId,
      key.enterpriseId,
    ]);
    return rows[0] ? toInstallation(rows[0]) : undefined;
  }

  /** The workspace's installation whatever its enterprise (team ids are unique across Slack). */
  async forTeam(teamId: string): Promise<StoredInstallation | undefined> {
    const { rows } = await this.pool.query<InstallationRow>(
      "SELECT * FROM slack_installations WHERE team_id = $1 AND team_id <> '' ORDER BY updated_at DESC LIMIT 1",
      [teamId],
    );
    return rows[0] ? toInstallation(rows[0]) : undefined;
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM slack_installations');
    return rows[0]!.n;
  }

  async remove(key: InstallationKey): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM slack_installations WHERE team_id = $1 AND enterprise_id = $2', [
      key.teamId,
      key.enterpriseId,
    ]);
    return (rowCount ?? 0) > 0;
  }

  /**
   * A workspace's uninstall (whatever its enterprise): the installation goes, and with it the digests of the workspace's channels (those whose
   * channel id starts with `channelPrefix`), in one transaction. Its lists, votes and follows stay for a reinstall.
   */
  async uninstall(teamId: string, channelPrefix: string): Promise<{ installation: boolean; subscriptions: number }> {
    checkUninstall(teamId, channelPrefix);
    return inTransaction(this.pool, async (client) => {
      const installation = await client.query("DELETE FROM slack_installations WHERE team_id = $1 AND team_id <> ''", [teamId]);
      const subscriptions = await client.query(
        "DELETE FROM subscriptions WHERE platform = 'slack' AND substr(channel_id, 1, length($1::text)) = $1::text",
        [channelPrefix],
      );
      return { installation: (installation.rowCount ?? 0) > 0, subscriptions: subscriptions.rowCount ?? 0 };
    });
  }
}
