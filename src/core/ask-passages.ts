/**
 * The passages a question is answered from: per paper, the stored full-text passages that best match the
 * question's words (SQLite FTS5, BM25), else its opening passages, else its abstract; and, without a model,
 * the answer made of them: the best sentences of the best passages, quoted with their sections.
 */
import type { Answer, QuestionPassage } from '../llm/types.ts';
import type { StoreApi } from '../store/api.ts';
import type { PaperText } from './ask-text.ts';

const MAX_PASSAGES = 12;
const STOPWORDS = new Set(
  'the and for with that this these those what which who whom whose does did do done how why when where are was were been being has have had its it their they them there then than into onto from about above over under use uses used using paper papers work study of to in on by as at or an a is be can could would should will shall may might much many more most less least very also any some such each other our your you we he she not no yes tell me please give explain describe between whether if so'.split(
    ' ',
  ),
);

/** The words of a question worth searching for (16 at most). */
export function questionWords(question: string): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 2 && !STOPWORDS.has(w) && !/^\d{1,2}$/.test(w)))].slice(0, 16);
}

export async function passagesFor(store: StoreApi, texts: readonly PaperText[], words: readonly string[]): Promise<QuestionPassage[]> {
  const perPaper = Math.max(1, Math.min(4, Math.floor(MAX_PASSAGES / Math.max(1, texts.length))));
  const each = await Promise.all(
    texts.map(async (text, i): Promise<QuestionPassage[]> => {
      const paper = i + 1;
      if (!text.full) {
        const abstract = text.paper.abstract.trim() || text.paper.title;
        return [{ paper, label: 'Abstract', heading: 'Abstract', text: abstract }];
      }
      const { arxivId, version } = text.full;
      const best = await store.fullText.best(arxivId, version, words, perPaper);
      const chosen = best.length > 0 ? best : await store.fullText.opening(arxivId, version, perPaper);
      return chosen.map((p) => ({ paper, label: p.number ? `§${p.number}` : p.heading || 'Text', heading: p.heading, text: p.text }));
    }),
  );
  return each.flat();
}

const sentences = (text: string) => text.match(/[^.!?]+(?:[.!?]+(?=\s|$)|$)/g)?.map((s) => s.trim()) ?? [text];

/** The sentences of a passage that share most words with the question, in their order, about 320 characters. */
function excerpt(text: string, words: readonly string[]): string {
  const all = sentences(text).filter(Boolean);
  const score = (s: string) => words.filter((w) => s.toLowerCase().includes(w)).length;
  const ranked = all.map((s, i) => ({ s, i, score: score(s) })).sort((a, b) => b.score - a.score || a.i - b.i);
  const picked: typeof ranked = [];
  let length = 0;
  for (const item of ranked) {
    if (picked.length > 0 && length + item.s.length > 320) break;
    picked.push(item);
    length += item.s.length;
  }
  const joined = picked
    .sort((a, b) => a.i - b.i)
    .map((p) => p.s)
    .join(' … ');
  return joined.length > 400 ? `${joined.slice(0, 399).trimEnd()}…` : joined;
}

/** Without a model: up to four passages, round-robin over the papers, each quoted with its source. */
export function offlineAnswer(passages: readonly QuestionPassage[], words: readonly string[]): Answer {
  const byPaper = new Map<number, number[]>();
  passages.forEach((p, i) => byPaper.set(p.paper, [...(byPaper.get(p.paper) ?? []), i]));
  const order: number[] = [];
  for (let round = 0; order.length < Math.min(4, passages.length); round += 1)
    for (const indexes of byPaper.values()) if (indexes[round] !== undefined && order.length < 4) order.push(indexes[round]!);
  return { answered: order.length > 0, claims: order.map((i) => ({ text: `“${excerpt(passages[i]!.text, words)}”`, sources: [i + 1] })) };
}
