/**
 * Which papers a question is about. `ask 3 what data?`, `ask 2 and 5 which is faster?`,
 * `ask 2506.01234 …`, `ask "title words" …`: the leading refs. In a digest's thread without them:
 * the list numbers the question names ("what dataset does 3 use?"), else every paper of the thread's list.
 */
import { UserError } from '../errors.ts';
import type { StoreApi } from '../store/api.ts';
import type { Paper } from '../store/types.ts';
import { findList } from './lists.ts';
import { resolveRefs, type RefScope } from './refs.ts';

export const MAX_ASK_PAPERS = 10;

const LEADING_REF =
  /^\s*(?:["“]([^"“”]{3,200})["”]|(#?\d{1,3}|arxiv:\S+|\S*(?:arxiv\.org|huggingface\.co|hf\.co)\/\S+|\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[a-z]{2})?\/\d{7}(?:v\d+)?))(?=$|[\s,;:?!&])[\s,;:]*(?:(?:and|&|vs\.?|versus)\s+)?/i;

/** The refs written before the question, and the question. */
export function splitQuestion(text: string): { refs: string[]; question: string } {
  const refs: string[] = [];
  let rest = text.trim();
  for (let match = LEADING_REF.exec(rest); match && refs.length < MAX_ASK_PAPERS + 1; match = LEADING_REF.exec(rest)) {
    refs.push(match[1] !== undefined ? `"${match[1]}"` : match[2]!);
    rest = rest.slice(match[0].length);
  }
  return { refs, question: rest.trim() };
}

/** List numbers a question names ("does 3 use", "papers 2 and 5", "#4"), within the list's length. */
function numbersIn(question: string, count: number): number[] {
  const numbers = [...question.matchAll(/(?<![\w.,$€£%-])#?(\d{1,2})(?![\w%.,]\d|[\w%])/g)].map((m) => Number(m[1]));
  return [...new Set(numbers.filter((n) => n >= 1 && n <= count))];
}

export async function papersAsked(store: StoreApi, text: string, scope: RefScope): Promise<{ papers: Paper[]; question: string }> {
  const { refs, question } = splitQuestion(text);
  if (!question) throw new UserError('bad-args', 'What is the question?', 'Write it after the paper: ask 3 what dataset does it use?');
  if (refs.length > 0)
    return { papers: await resolveRefs(store, refs.join(' '), scope, { min: 1, max: MAX_ASK_PAPERS, what: 'ask' }), question };
  const list = scope.threadId ? await findList(store, scope, scope.userId ?? '') : undefined;
  if (!list || list.paperIds.length === 0)
    throw new UserError(
      'bad-args',
      'Which paper is the question about?',
      'Name it first: ask 3 what dataset does it use? (a number from a list, an arXiv id or "title words").',
    );
  const named = numbersIn(question, list.paperIds.length);
  const ids = named.length > 0 ? named.map((n) => list.paperIds[n - 1]!) : list.paperIds.slice(0, MAX_ASK_PAPERS);
  return { papers: await store.papers.getMany(ids), question };
}
