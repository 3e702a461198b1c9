/** Replies for summaries and comparisons, labelled with where their text came from. */
import { chatSafe } from '../errors.ts';
import type { Comparison, LlmOutcome, Summariser, Summary } from '../llm/types.ts';
import { toPaperView } from '../message/build.ts';
import type { Block, Reply } from '../message/model.ts';
import type { Paper } from '../store/types.ts';

type Kind = 'summary' | 'comparison';
/** In place of a reason that is a program's message (it is in the log, where the summariser wrote it). */
const UNEXPLAINED = "an unexpected error; the details are in paperboy's log";
const OFFLINE_METHOD: Record<Kind, string> = {
  summary: "the abstract's most informative sentences",
  comparison: 'built from what the abstracts state (tasks, methods, datasets, numbers)',
};

/** Says whether an LLM wrote it (and whether it came from the cache) or the offline fallback did, and why. */
export function sourceNote(outcomes: readonly LlmOutcome<unknown>[], llm: Pick<Summariser, 'mode' | 'model'>, kind: Kind): string {
  const offline = outcomes.find((o) => o.source === 'offline');
  const label = kind === 'summary' ? 'Offline summary' : 'Offline comparison';
  const language = outcomes.some((o) => o.untranslated) ? " It is in the papers' language: offline answers are not translated." : '';
  if (offline && llm.mode === 'offline') return `${label} (no LLM configured): ${OFFLINE_METHOD[kind]}.${language}`;
  if (offline)
    return `${label}: the LLM could not be used (${chatSafe(offline.note, UNEXPLAINED)}), so this is ${OFFLINE_METHOD[kind]}.${language}`;
  const cached = outcomes.length > 0 && outcomes.every((o) => o.cached);
  return `Written by ${llm.model} from the abstract${outcomes.length === 1 && kind === 'summary' ? '' : 's'} only${cached ? ' (from the cache: no tokens used)' : ''}.`;
}

export function summaryReply(
  items: readonly { paper: Paper; outcome: LlmOutcome<Summary> }[],
  llm: Pick<Summariser, 'mode' | 'model'>,
): Reply {
  const blocks: Block[] = [{ type: 'header', text: items.length === 1 ? 'Summary' : `Summaries of ${items.length} papers` }];
  const fallback: string[] = [];
  items.forEach(({ paper, outcome }, index) => {
    if (index > 0) blocks.push({ type: 'divider' });
    const points = outcome.value.points.map((p) => `• ${p}`).join('\n');
    blocks.push({ type: 'paper', paper: toPaperView(paper), detail: 'line' });
    blocks.push({ type: 'text', text: `TL;DR: ${outcome.value.tldr}` });
    if (points) blocks.push({ type: 'text', text: `Key contributions:\n${points}` });
    fallback.push(`${paper.title}\nTL;DR: ${outcome.value.tldr}${points ? `\n${points}` : ''}`);
  });
  const hfSummary = items.some(
    ({ paper, outcome }) => outcome.source === 'offline' && paper.aiSummary && outcome.value.tldr === paper.aiSummary,
  );
  const note = `${sourceNote(
    items.map((i) => i.outcome),
    llm,
    'summary',
  )}${hfSummary ? " The TL;DR is Hugging Face's AI summary of the paper." : ''}`;
  blocks.push({ type: 'note', text: note });
  return { blocks, fallback: [...fallback, note].join('\n\n'), papers: items.map(({ paper }) => toPaperView(paper)) };
}

export function comparisonReply(papers: readonly Paper[], outcome: LlmOutcome<Comparison>, llm: Pick<Summariser, 'mode' | 'model'>): Reply {
  const labelled = papers.map((p, i) => `[${i + 1}] ${p.title}${p.arxivId ? ` (arXiv ${p.arxivId})` : ''}`).join('\n');
  const fields = outcome.value.rows.map((row) => ({
    label: row.aspect,
    value: row.values.map((value, i) => `[${i + 1}] ${value}`).join('\n'),
  }));
  const note = sourceNote([outcome], llm, 'comparison');
  const blocks: Block[] = [
    { type: 'header', text: `Comparing ${papers.length} papers` },
    { type: 'text', text: labelled },
    { type: 'fields', fields },
    { type: 'text', text: `When to pick which:\n${outcome.value.verdict}` },
    { type: 'note', text: note },
  ];
  const table = fields.map((f) => `${f.label}:\n${f.value}`).join('\n');
  return {
    blocks,
    fallback: [`Comparing ${papers.length} papers`, labelled, table, `When to pick which: ${outcome.value.verdict}`, note].join('\n\n'),
    papers: papers.map((paper) => toPaperView(paper)),
  };
}

/** The reply with a muted line at its end ("Papers 1 and 2 of your search …"); unchanged without one. */
export function withNote(reply: Reply, note: string | undefined): Reply {
  if (!note) return reply;
  return { ...reply, blocks: [...reply.blocks, { type: 'note', text: note }], fallback: `${reply.fallback}\n\n${note}` };
}
