/**
 * Why a digest is empty or shorter than its size, named by the step that did it: the channel's topics or
 * `min:N` removed papers, the sources could not be reached, arXiv announced nothing that day, or nothing
 * new came since the last digest. The text is fit for a channel and for `history`.
 */
import { plural } from './hints.ts';

export type ShortfallReason = 'filtered' | 'unreachable' | 'no-announcement' | 'nothing-new';

export interface Shortfall {
  readonly reason: ShortfallReason;
  /** One sentence, no URLs or upstream text (the log has those). */
  readonly text: string;
}

export interface ShortfallInput {
  readonly shown: number;
  readonly size: number;
  /** New papers in the period, before topics and `min:`. */
  readonly candidates: number;
  readonly removedByTopics: number;
  readonly removedByMin: number;
  readonly topics: readonly string[];
  readonly minUpvotes: number;
  /** The line saying which sources could not be reached, when the fetch before the digest failed. */
  readonly unreachable?: string;
  /** The digest's own day (YYYY-MM-DD), for arXiv's announcement schedule. */
  readonly day: string | null;
  /** "since Thu 26 Mar 2026" or "on Thu 26 Mar 2026". */
  readonly period: string;
}

/** arXiv announces new papers Sunday to Thursday at 20:00 US Eastern: none appear for Saturdays and Sundays. */
export function noAnnouncement(day: string): string | undefined {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  if (weekday === 6 || weekday === 0) return `arXiv announces no new papers on ${weekday === 6 ? 'Saturdays' : 'Sundays'}`;
  return undefined;
}

export function shortfallOf(input: ShortfallInput): Shortfall | undefined {
  if (input.shown >= input.size) return undefined;
  const removed = [
    input.removedByTopics > 0 ? `the channel’s topics (${input.topics.join(', ')}) removed ${plural(input.removedByTopics, 'paper')}` : '',
    input.removedByMin > 0 ? `min:${input.minUpvotes} removed ${plural(input.removedByMin, 'paper')}` : '',
  ].filter(Boolean);
  if (removed.length > 0) {
    const text = `${removed.join(' and ')} of ${plural(input.candidates, 'new paper')}${input.period ? ` ${input.period}` : ''}.`;
    return { reason: 'filtered', text: text[0]!.toUpperCase() + text.slice(1) };
  }
  // The fetch note's first clause names the sources ("HF Daily Papers could not be reached").
  if (input.unreachable) return { reason: 'unreachable', text: `${input.unreachable.split(';')[0]!.replace(/\.$/, '')}.` };
  const off = input.day ? noAnnouncement(input.day) : undefined;
  const what = `${input.candidates === 0 ? 'Nothing new' : `Only ${plural(input.candidates, 'new paper')}`}${input.period ? ` ${input.period}` : ''}`;
  if (off) return { reason: 'no-announcement', text: input.candidates === 0 ? `${off}.` : `${what}: ${off}.` };
  return { reason: 'nothing-new', text: `${what}.` };
}
