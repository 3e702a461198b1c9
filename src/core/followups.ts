/**
 * A follow-up note: what changed about papers a channel discussed, gathered into one short message per
 * thread, each paper with what changed and its links.
 */
import { toPaperView } from '../message/build.ts';
import type { Block, Link, Reply } from '../message/model.ts';
import type { PaperEventKind, PendingEvent } from '../store/paper-events.ts';
import type { Paper } from '../store/types.ts';

/** Which pending events are worth telling, and which the note covers (told, or made moot by a larger one). */
export function tellable(events: readonly PendingEvent[], upvoteJump: number): { tell: PendingEvent[]; covered: number[] } {
  const tell: PendingEvent[] = [];
  const covered: number[] = [];
  const byPaper = new Map<number, PendingEvent[]>();
  for (const e of events) byPaper.set(e.paperId, [...(byPaper.get(e.paperId) ?? []), e]);
  for (const list of byPaper.values()) {
    // Upvotes: only the latest mark counts, and only when the jump since the channel discussed it is large.
    const upvotes = list.filter((e) => e.kind === 'upvotes');
    const latest = upvotes.at(-1);
    const jumped = latest && Number(latest.detail ?? latest.value) - latest.upvotesThen >= upvoteJump;
    for (const e of list) {
      if (e.kind !== 'upvotes') {
        tell.push(e);
        covered.push(e.id);
      } else if (jumped) {
        if (e === latest) tell.push(e);
        covered.push(e.id);
      }
    }
  }
  return { tell, covered };
}

const ORDER: readonly PaperEventKind[] = ['version', 'code', 'project', 'journal', 'doi', 'upvotes'];

function said(e: PendingEvent): string {
  switch (e.kind) {
    case 'version':
      return `new version ${e.value} on arXiv`;
    case 'code':
      return 'code released';
    case 'project':
      return 'project page online';
    case 'journal':
      return `published: ${e.value.slice(0, 160)}`;
    case 'doi':
      return `DOI ${e.value.slice(0, 120)}`;
    case 'upvotes':
      return `${e.upvotesThen} → ${e.detail ?? e.value} upvotes on Hugging Face`;
  }
}

/** What changed about one paper, most telling first: "new version v2 on arXiv; code released". */
export function whatChanged(events: readonly PendingEvent[]): string {
  return [...events]
    .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind))
    .map(said)
    .join('; ');
}

/** One line per paper ("new version v2 on arXiv; code released"), the papers in the order their news came. */
export function followupNote(events: readonly PendingEvent[], papers: ReadonlyMap<number, Paper>): Reply {
  const ids = [...new Set(events.map((e) => e.paperId))].filter((id) => papers.has(id));
  const blocks: Block[] = [
    { type: 'header', text: ids.length === 1 ? 'News on a paper discussed here' : `News on ${ids.length} papers discussed here` },
  ];
  const lines: string[] = [];
  for (const id of ids) {
    const paper = papers.get(id)!;
    const mine = events.filter((e) => e.paperId === id);
    const what = whatChanged(mine);
    const doi = mine.find((e) => e.kind === 'doi');
    const view = toPaperView(paper, { summary: `${what[0]!.toUpperCase()}${what.slice(1)}.` });
    const links: Link[] =
      doi && /^10\.\S+$/.test(doi.value) ? [...view.links, { label: 'DOI', url: `https://doi.org/${doi.value}` }] : [...view.links];
    blocks.push({ type: 'paper', paper: { ...view, links }, detail: 'line' });
    lines.push(`“${paper.title}”: ${what}.`);
  }
  return { blocks, fallback: [(blocks[0] as { text: string }).text, ...lines].join('\n'), feedback: false };
}
