/**
 * Papers that know the thread they were discussed in (a weekly roundup's picks) get a "Thread" link where the
 * platform can make one (a Slack permalink, a Discord channel URL); elsewhere the reference is dropped.
 */
import type { PaperView, Reply, ThreadRef } from './model.ts';

export function linkThreads(reply: Reply, urlOf: (thread: ThreadRef) => string | undefined): Reply {
  if (!reply.papers?.some((p) => p.thread)) return reply;
  const link = (view: PaperView): PaperView => {
    if (!view.thread) return view;
    const { thread, ...rest } = view;
    const url = urlOf(thread);
    return url ? { ...rest, links: [...rest.links, { label: 'Thread', url }] } : rest;
  };
  return {
    ...reply,
    papers: reply.papers.map(link),
    blocks: reply.blocks.map((block) => (block.type === 'paper' ? { ...block, paper: link(block.paper) } : block)),
  };
}

/** Whether a reply has thread references to resolve (an adapter then looks up what it needs for the URLs). */
export const hasThreads = (reply: Reply): boolean => reply.papers?.some((p) => p.thread) ?? false;
