/**
 * Which token a post uses. The single-token mode has one workspace. With OAuth, a stored channel id names
 * its workspace ("T1:C1", oauth-keys.ts) and the token is that workspace's installation, read through
 * Bolt's installer (the same authorize every request goes through). Clients are kept per workspace until
 * its token changes (a reinstall) or it is uninstalled.
 */
import type { webApi } from '@slack/bolt';
import type { Reply } from '../../message/model.ts';
import type { ChannelRef } from '../types.ts';
import { channelLabel } from './failures.ts';
import type { PostFinder } from './keyed-posts.ts';
import { splitChannelId } from './oauth-keys.ts';

export interface WorkspaceClients {
  /** Retries under the retry policy. */
  readonly client: webApi.WebClient;
  /** Never retries by itself: keyed posts retry by hand (post-once.ts). */
  readonly keyed: webApi.WebClient;
  readonly finder: PostFinder;
  /** Links papers to the threads they were discussed in, with this workspace's URL (thread-links.ts). */
  readonly links: (channel: ChannelRef, reply: Reply) => Promise<Reply>;
}

export interface Workspaces {
  /** The channel's workspace clients, and the channel with its id as Slack knows it; throws a message the user may see. */
  of(channel: ChannelRef): Promise<WorkspaceClients & { readonly channel: ChannelRef }>;
  /** The workspace was uninstalled. */
  forget(teamId: string): void;
}

export function singleWorkspace(clients: WorkspaceClients): Workspaces {
  return { of: async (channel) => ({ ...clients, channel }), forget: () => undefined };
}

type Authorize = (teamId: string) => Promise<{ botToken?: string | undefined }>;

export function installedWorkspaces(authorize: Authorize, clientsFor: (token: string) => WorkspaceClients): Workspaces {
  const kept = new Map<string, { token: string; clients: WorkspaceClients }>();
  return {
    async of(channel) {
      const { teamId, channelId } = splitChannelId(channel.id);
      if (!teamId) throw new Error(`I can't post in ${channelLabel(channel)}: it names no Slack workspace`);
      const token = await authorize(teamId).then(
        (found) => found.botToken,
        () => undefined,
      );
      if (!token) throw new Error(`I can't post in ${channelLabel(channel)}: paperboy is not installed in workspace ${teamId}`);
      let entry = kept.get(teamId);
      if (entry?.token !== token) kept.set(teamId, (entry = { token, clients: clientsFor(token) }));
      return { ...entry.clients, channel: { ...channel, id: channelId } };
    },
    forget: (teamId) => void kept.delete(teamId),
  };
}
