/**
 * A mention in a digest's thread that is not a command is a question about the thread's papers; one that
 * looks like a mistyped command ("serach diffusion") still gets the "did you mean" answer.
 */
import type { AnyCommand } from '../dispatch/define.ts';
import { closestCommand } from '../dispatch/suggest.ts';
import type { Invocation } from '../platforms/types.ts';
import type { StoreApi } from '../store/api.ts';

export async function isQuestion(store: StoreApi, inv: Invocation, commands: readonly AnyCommand[]): Promise<boolean> {
  if (!inv.thread?.threadId || !('text' in inv.input)) return false;
  const threadList = await store.lists.get({ channel: inv.channel, threadId: inv.thread.threadId, userId: '' });
  if (!threadList || threadList.paperIds.length === 0) return false;
  const text = inv.input.text.trim();
  const looksLikeCommand = closestCommand(inv.command, commands) !== undefined && !/[?？]$/.test(text) && text.split(/\s+/).length <= 4;
  return !looksLikeCommand;
}
