import type { Paper } from '../store/types.ts';
import { UserError } from '../errors.ts';
import type { Block, Field, Link, PaperView, Reply } from './model.ts';

/** Links a user expects for a paper, in a stable order: arXiv, HF, PDF, code, project. */
export function paperLinks(paper: Paper): Link[] {
  const links: Link[] = [];
  if (paper.arxivId) {
    links.push({ label: 'arXiv', url: `https://arxiv.org/abs/${paper.arxivId}` });
    links.push({ label: 'HF', url: `https://huggingface.co/papers/${paper.arxivId}` });
    links.push({ label: 'PDF', url: paper.pdfUrl ?? `https://arxiv.org/pdf/${paper.arxivId}` });
  } else if (paper.url) {
    links.push({ label: 'Page', url: paper.url });
  }
  if (paper.githubRepo) links.push({ label: 'Code', url: paper.githubRepo });
  if (paper.projectPage) links.push({ label: 'Project', url: paper.projectPage });
  return links;
}

/** The abstract's first sentence, for one-line summaries when nothing better is known. */
export function firstSentence(text: string, max = 240): string {
  const match = /^.*?[.!?](?=\s+[A-Z(]|\s*$)/su.exec(text.trim());
  const sentence = (match?.[0] ?? text).trim();
  return sentence.length > max ? `${sentence.slice(0, max - 1).trimEnd()}…` : sentence;
}

export function toPaperView(
  paper: Paper,
  options: { rank?: number; summary?: string; withAbstract?: boolean; reason?: string } = {},
): PaperView {
  return {
    ...(options.rank !== undefined ? { rank: options.rank } : {}),
    paperId: paper.id,
    arxivId: paper.arxivId,
    title: paper.title,
    url: paper.arxivId ? `https://arxiv.org/abs/${paper.arxivId}` : paper.url,
    authors: paper.authors,
    authorCount: paper.authorCount ?? (paper.authors.length > 0 ? paper.authors.length : null),
    organization: paper.organization?.name ?? null,
    publishedAt: paper.publishedAt,
    upvotes: paper.upvotes,
    summary: options.summary ?? paper.aiSummary ?? firstSentence(paper.abstract),
    ...(options.withAbstract ? { abstract: paper.abstract } : {}),
    ...(options.reason ? { reason: options.reason } : {}),
    links: paperLinks(paper),
  };
}

export interface ListOptions {
  /** Shown under the title, e.g. "12 papers new since Monday". */
  intro?: string;
  /** Muted line at the end, e.g. how to see more. */
  note?: string;
  summaries?: ReadonlyMap<number, string>;
  /** Why each paper is shown (by paper id): a note under it. */
  reasons?: ReadonlyMap<number, string>;
  /** Section titles by the index of the paper they come before (0 first), e.g. "From people you follow". */
  sections?: ReadonlyMap<number, string>;
}

/** A numbered list of papers; the numbers are what later commands refer to ("compare 2 5"). */
export function paperList(title: string, papers: readonly Paper[], options: ListOptions = {}): Reply {
  const views = papers.map((paper, i) => {
    const summary = options.summaries?.get(paper.id);
    const reason = options.reasons?.get(paper.id);
    return toPaperView(paper, { rank: i + 1, ...(summary ? { summary } : {}), ...(reason ? { reason } : {}) });
  });
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (options.intro) blocks.push({ type: 'text', text: options.intro });
  for (const [i, view] of views.entries()) {
    const section = options.sections?.get(i);
    if (section) blocks.push({ type: 'text', text: section });
    blocks.push({ type: 'paper', paper: view, detail: 'card' });
    if (view.reason) blocks.push({ type: 'note', text: view.reason });
  }
  if (options.note) blocks.push({ type: 'note', text: options.note });
  const lines = views.flatMap((v, i) => [
    ...(options.sections?.has(i) ? [options.sections.get(i)!] : []),
    `${v.rank}. ${v.title}${v.upvotes ? ` (▲${v.upvotes})` : ''}`,
  ]);
  return { blocks, fallback: [title, options.intro, ...lines].filter(Boolean).join('\n'), papers: views };
}

/** One paper in full: every known field, links and the abstract. */
export function paperDetail(paper: Paper, extra: { listedIn?: string[] } = {}): Reply {
  const view = toPaperView(paper, { withAbstract: true });
  const fields: Field[] = [];
  const authors = paper.authors.length > 0 ? paper.authors.join(', ') : paper.authorCount ? `${paper.authorCount} authors` : '';
  if (authors) fields.push({ label: 'Authors', value: authors });
  if (paper.organization) fields.push({ label: 'Organisation', value: paper.organization.name });
  if (paper.publishedAt) fields.push({ label: 'Published', value: paper.publishedAt });
  if (extra.listedIn && extra.listedIn.length > 0) fields.push({ label: 'Listed', value: extra.listedIn.join(', ') });
  fields.push({ label: 'Upvotes', value: String(paper.upvotes) });
  if (paper.arxivId) fields.push({ label: 'arXiv', value: paper.arxivId });
  if (paper.categories.length > 0) fields.push({ label: 'Categories', value: paper.categories.join(', ') });
  if (paper.keywords.length > 0) fields.push({ label: 'Keywords', value: paper.keywords.slice(0, 12).join(', ') });
  if (paper.comment) fields.push({ label: 'Comment', value: paper.comment });
  if (paper.journalRef) fields.push({ label: 'Journal', value: paper.journalRef });
  if (paper.doi) fields.push({ label: 'DOI', value: paper.doi });
  return {
    blocks: [
      { type: 'header', text: paper.title },
      { type: 'fields', fields },
      { type: 'paper', paper: view, detail: 'full' },
    ],
    fallback: `${paper.title}\n${authors}\n${paper.abstract}`,
    papers: [view],
  };
}

export function notice(text: string, hint?: string): Reply {
  const blocks: Block[] = [{ type: 'text', text }];
  if (hint) blocks.push({ type: 'note', text: hint });
  return { blocks, fallback: hint ? `${text}\n${hint}` : text };
}

export function errorReply(error: UserError): Reply {
  const blocks: Block[] = [{ type: 'text', text: error.message }];
  if (error.hint) blocks.push({ type: 'note', text: error.hint });
  return { blocks, fallback: error.hint ? `${error.message}\n${error.hint}` : error.message, tone: 'error' };
}
