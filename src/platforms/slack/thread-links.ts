/**
 * Slack permalinks for papers that name the thread they were discussed in: the workspace's URL (auth.test,
 * asked once) + `archives/<channel>/p<ts without the dot>`, the form chat.getPermalink answers with.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../log.ts';
import type { Reply } from '../../message/model.ts';
import { hasThreads, linkThreads } from '../../message/thread-links.ts';
import type { ChannelRef } from '../types.ts';

export function createThreadLinker(client: webApi.WebClient, log: Logger) {
  let workspace: Promise<string | undefined> | undefined;
  const workspaceUrl = () =>
    (workspace ??= client.auth.test().then(
      (result) => (result.url && /^https:\/\/[^\s/]+\/?$/.test(result.url) ? result.url.replace(/\/?$/, '/') : undefined),
      (error: unknown) => {
        // No links this time; the next reply asks again.
        workspace = undefined;
        log.warn('auth.test failed: papers are shown without links to their threads', { error: String(error) });
        return undefined;
      },
    ));
  return async (channel: ChannelRef, reply: Reply): Promise<Reply> => {
    if (!hasThreads(reply)) return reply;
    const base = await workspaceUrl();
    return linkThreads(reply, (thread) =>
      base && /^\d+\.\d+$/.test(thread.messageId) ? `${base}archives/${channel.id}/p${thread.messageId.replace('.', '')}` : undefined,
    );
  };
}
