/** Which sentences of an abstract are background: what comes before the paper first speaks of its own work. */
import { CUES, type RankedSentence } from './extract.ts';
import { withoutLeadIn } from './offline-clauses.ts';

const OPENS_OWN_WORK = /^(?:we|our|this (?:paper|work|study)|here)\b/i;

/**
 * Background: what comes before the paper first speaks of its own work ("We …", a contribution cue),
 * unless the sentence itself speaks of it.
 */
export function backgroundIndices(ranked: readonly RankedSentence[]): Set<number> {
  const own = (s: RankedSentence) =>
    OPENS_OWN_WORK.test(withoutLeadIn(s.text)) || CUES.contribution.test(s.text) || /^(?:\S+\s+){0,3}(?:we|our)\b/i.test(s.text);
  const first = ranked.find(own)?.index;
  const background = new Set<number>();
  for (const s of ranked) {
    const early = first === undefined ? s.index === 0 && CUES.problem.test(s.text) : s.index < first;
    if (early && !own(s)) background.add(s.index);
  }
  return background;
}
