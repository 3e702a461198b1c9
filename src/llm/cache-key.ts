import { createHash } from 'node:crypto';
import type { Paper } from '../store/types.ts';
import { PROMPT_VERSION, type LlmTask } from './prompts.ts';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Same task, same papers (in order, with the same title and abstract), same model, prompts and extra: same key. */
export function cacheKey(task: LlmTask | 'ask', papers: readonly Paper[], model: string, extra?: string): string {
  const content = papers.map((p) => `${p.id}:${sha256(`${p.title}\n${p.abstract}`)}`);
  return sha256(JSON.stringify([task, content, model, PROMPT_VERSION, ...(extra ? [extra] : [])]));
}
