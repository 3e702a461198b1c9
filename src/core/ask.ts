/**
 * `ask <ref> <question>`, and a question in a digest's thread: answered from the papers' full text (arXiv
 * HTML), each point citing its section, by the model when there is one, else the best passages quoted.
 */
import { chatSafe } from '../errors.ts';
import type { FullTextSource } from '../fulltext/fetch.ts';
import type { Answer, LlmOutcome, QuestionPassage, Summariser } from '../llm/types.ts';
import type { Logger } from '../log.ts';
import type { Block, Reply } from '../message/model.ts';
import type { StoreApi } from '../store/api.ts';
import type { Paper } from '../store/types.ts';
import { offlineAnswer, passagesFor, questionWords } from './ask-passages.ts';
import { papersAsked } from './ask-question.ts';
import { paperText, type PaperText } from './ask-text.ts';
import { echo } from './query.ts';
import type { RefScope } from './refs.ts';

export interface AskContext {
  readonly store: StoreApi;
  readonly llm: Summariser;
  readonly fullText: FullTextSource | undefined;
  readonly log: Logger;
  readonly now: Date;
  /** Told which papers the question is about (they count as discussed here, src/core/votes.ts noteAsked). */
  readonly asked?: (papers: readonly Paper[]) => void | Promise<void>;
}

/** At most this many papers' pages are fetched at once: arXiv is a shared service. */
const FETCHES_AT_ONCE = 3;

export async function answerQuestion(text: string, scope: RefScope, ctx: AskContext): Promise<Reply> {
  const { store, llm } = ctx;
  const { papers, question } = await papersAsked(store, text, scope);
  await ctx.asked?.(papers);
  const texts: PaperText[] = [];
  for (let i = 0; i < papers.length; i += FETCHES_AT_ONCE)
    texts.push(
      ...(await Promise.all(papers.slice(i, i + FETCHES_AT_ONCE).map((p) => paperText(store, ctx.fullText, p, ctx.log, ctx.now)))),
    );
  const words = questionWords(question);
  const passages = await passagesFor(store, texts, words);
  const offline = () => offlineAnswer(passages, words);
  const outcome: LlmOutcome<Answer> = llm.ask
    ? await llm.ask({ question, papers, passages, offline })
    : { value: offline(), source: 'offline', cached: false };
  const language = (await store.budget.settings(scope.channel)).language;
  return answerReply(question, texts, passages, outcome, llm, language);
}

const UNEXPLAINED = "an unexpected error; the details are in paperboy's log";

function sourceNote(outcome: LlmOutcome<Answer>, llm: Summariser, texts: readonly PaperText[], language: string | undefined): string {
  const from = texts.every((t) => !t.full) ? 'the abstract' : texts.some((t) => !t.full) ? 'the full text and abstracts' : 'the full text';
  const quoted = `so these are the passages of ${from} that best match the question, quoted with their sections`;
  const lang = language ? " They are in the papers' language." : '';
  if (outcome.source === 'offline' && llm.mode === 'offline') return `No LLM configured, ${quoted}.${lang}`;
  if (outcome.source === 'offline') return `The LLM could not be used (${chatSafe(outcome.note, UNEXPLAINED, 240)}), ${quoted}.${lang}`;
  return `Written by ${llm.model} from ${from} only; each point cites its source${outcome.cached ? ' (from the cache: no tokens used)' : ''}.`;
}

function cite(passage: QuestionPassage | undefined, many: boolean): string {
  if (!passage) return '';
  return many ? `${passage.label} of [${passage.paper}]` : passage.label;
}

/** "No full text for [1] and [3] (arXiv has no HTML version of it), so their abstracts were used.", per reason. */
function abstractNotes(texts: readonly PaperText[], many: boolean): string[] {
  const byReason = new Map<string, number[]>();
  texts.forEach((t, i) => {
    if (t.full) return;
    const reason = chatSafe(t.note, 'it could not be fetched');
    byReason.set(reason, [...(byReason.get(reason) ?? []), i + 1]);
  });
  return [...byReason].map(([reason, numbers]) => {
    if (!many) return `No full text (${reason}), so the abstract was used.`;
    const which =
      numbers.length === 1
        ? `[${numbers[0]}]`
        : `${numbers
            .slice(0, -1)
            .map((n) => `[${n}]`)
            .join(', ')} and [${numbers.at(-1)}]`;
    return `No full text for ${which} (${reason}), so ${numbers.length === 1 ? 'its abstract was' : 'their abstracts were'} used.`;
  });
}

export function answerReply(
  question: string,
  texts: readonly PaperText[],
  passages: readonly QuestionPassage[],
  outcome: LlmOutcome<Answer>,
  llm: Summariser,
  language?: string,
): Reply {
  const papers = texts.map((t) => t.paper);
  const many = papers.length > 1;
  const title = (p: Paper, i: number) => `${many ? `[${i + 1}] ` : ''}${p.title}${p.arxivId ? ` (arXiv ${p.arxivId})` : ''}`;
  const points = outcome.value.claims.map((claim) => {
    const sources = [...new Set(claim.sources.map((n) => cite(passages[n - 1], many)).filter(Boolean))];
    // A claim that already names its sections ("… (§4.2).") is not cited twice.
    const named = sources.every((source) => claim.text.includes(source.split(' of ')[0]!));
    return `• ${claim.text}${sources.length && !named ? ` (${sources.join('; ')})` : ''}`;
  });
  const body = outcome.value.answered && points.length > 0 ? points.join('\n') : "The papers' text I have does not answer that.";
  const fallbacks = abstractNotes(texts, many);
  const note = sourceNote(outcome, llm, texts, language);
  const blocks: Block[] = [
    { type: 'header', text: many ? `Answer from ${papers.length} papers` : 'Answer' },
    { type: 'text', text: `Q: ${echo(question, 300)}\n${papers.map(title).join('\n')}` },
    { type: 'text', text: body },
    ...fallbacks.map((text): Block => ({ type: 'note', text })),
    { type: 'note', text: note },
  ];
  return { blocks, fallback: [`Q: ${echo(question, 300)}`, body, ...fallbacks, note].join('\n\n') };
}
