/**
 * With many workspaces (OAuth), a Slack channel or user id is stored with its workspace's team id, "T1:C1":
 * a Slack Connect channel has the same id in every workspace that shares it, and each workspace keeps its own
 * settings, lists, votes and follows there. The single-token mode keeps bare ids, as its stores always had.
 */
import type { ChannelRef, Invocation } from '../types.ts';

/** Puts an invocation's channel, thread and user into the workspace of the installation that answers it. */
export type WorkspaceScope = (invocation: Invocation, teamId: string | undefined) => Invocation;

/** The single-workspace mode: ids as Slack sends them. */
export const bareIds: WorkspaceScope = (invocation) => invocation;

/** Every stored id of a workspace starts with this. */
export const workspacePrefix = (teamId: string): string => `${teamId}:`;

export const teamScopedIds: WorkspaceScope = (invocation, teamId) => {
  // Without its team an id would land in the bare namespace, shared by no one and seen by every workspace.
  if (!teamId) throw new Error('a Slack request came without its workspace (team id)');
  const scoped = (channel: ChannelRef): ChannelRef => ({ ...channel, id: workspacePrefix(teamId) + channel.id });
  return {
    ...invocation,
    channel: scoped(invocation.channel),
    user: { ...invocation.user, id: workspacePrefix(teamId) + invocation.user.id },
    ...(invocation.thread ? { thread: { ...invocation.thread, channel: scoped(invocation.thread.channel) } } : {}),
  };
};

/** "T1:C1" → team T1, channel C1; a bare "C1" has no team. */
export function splitChannelId(id: string): { teamId: string | undefined; channelId: string } {
  const at = id.indexOf(':');
  return at < 0 ? { teamId: undefined, channelId: id } : { teamId: id.slice(0, at), channelId: id.slice(at + 1) };
}
