/**
 * Search over one store connection: the fast path over impact lists when they are current (topk.ts),
 * else plain FTS5 bm25 (SearchRepo). Both give the same papers in the same order; the fast path only
 * avoids scoring every match. Synchronous: it runs on a worker thread (pool.ts) or, for in-memory
 * stores, in the caller's thread.
 */
import { toFtsExpression, type SearchQuery } from '../core/query.ts';
import type { Db } from '../store/db.ts';
import { SearchIndexRepo } from '../store/search-index.ts';
import { SearchRepo } from '../store/search.ts';
import type { Paper } from '../store/types.ts';
import { idf, weightedFromScore } from './bm25.ts';
import { phraseEvidence, type PhraseMatches } from './evidence.ts';
import { columnTerm, decodeList, isComplete, type ImpactList } from './impact-lists.ts';
import { phraseCounter, type PhraseCounter } from './count.ts';
import { matchesAll, phrasesOf, type Phrase } from './phrases.ts';
import { PostingsCache } from './postings-cache.ts';
import { topK, type ScoredPhrase, type TopKStats } from './topk.ts';
import { phraseHits } from './phrase-hits.ts';
import { phraseTopK, type PostingsPhrase } from './phrase-topk.ts';
import type { Postings } from './impact-lists.ts';
import type { Settled } from './topk.ts';
import { postingsOfList, wordTopK, type WordTerm } from './word-topk.ts';

export interface EngineResult {
  /** Best first. */
  readonly papers: Paper[];
  /** How many papers match; when `totalCapped`, at least this many. */
  readonly total: number;
  readonly totalCapped: boolean;
  /**
   * 'exact': the fast path proved its answer is bm25's. 'approximate': a query of plain words whose order the
   * lists could not prove: the best of the candidates, each scored exactly, in bm25's order (the benchmark
   * measures how often that is bm25's own top 10). Otherwise why the full query ran.
   */
  readonly path: 'exact' | 'approximate' | `bm25: ${string}`;
}

/** Counting every match of a broad query costs as much as ranking it: beyond this, "more than". */
export const TOTAL_CAP = 1000;
const DATED_TOTAL_CAP = 100;
/** Settling a candidate reads its text (tens of microseconds at 1M papers): the proof's work budget. */
const MAX_SETTLED = 300;
/** The postings path settles fewer before leaving the query to the path above (its bounds are looser). */
const MAX_POSTINGS_SETTLED = 96;
/**
 * With a phrase's hits listed, the full query would score every one of them: a budget of reading one paper
 * per this many hits costs about as much (measured at 1M papers: ~25 µs to read a paper and count its
 * phrases with the index's length known, ~20 µs of bm25 per match) and ends with the exact answer.
 */
const HITS_PER_SETTLED = 1;
/** A lone phrase turns from its words' postings to its hits when fewer of the first papers read hold it. */
const LONE_PHRASE_MIN_YIELD = 0.25;
/** A rare phrase's papers are all candidates; beyond this many, the full query runs. */
const MAX_COMPLETE = 3000;
const LIST_CACHE = 4000;
/** Postings kept decoded per engine (each search worker has one). */
const POSTINGS_CACHE_BYTES = 192 * 1024 * 1024;
/** A word query whose impact lists cannot prove its order scores every paper of its rarest clause up to this many. */
const MAX_SCAN = 60_000;

type FastOutcome = { ids: number[]; unproved?: true; total?: number; totalCapped?: boolean } | { fallback: string };

export class SearchEngine {
  private readonly index: SearchIndexRepo;
  private readonly plain: SearchRepo;
  private readonly lists = new Map<string, ImpactList | null>();
  private listsVersion: Buffer = Buffer.alloc(0);
  private readonly postings = new PostingsCache(POSTINGS_CACHE_BYTES);
  private lengths: Int32Array | undefined;
  /** What the last fast-path attempt did (for benchmarks). */
  lastStats: TopKStats | undefined;

  constructor(db: Db) {
    this.index = new SearchIndexRepo(db);
    this.plain = new SearchRepo(db);
  }

  search(query: SearchQuery, limit: number): EngineResult {
    const match = toFtsExpression(query);
    const dates = { since: query.since, before: query.before };
    const fast = this.fast(query, match, limit);
    if ('ids' in fast) {
      const papers = this.index.papers(fast.ids);
      const path = fast.unproved ? ('approximate' as const) : ('exact' as const);
      if (fast.total !== undefined) return { papers, total: fast.total, totalCapped: !!fast.totalCapped, path };
      // With dates, counting joins every match to its row: stop much earlier.
      const cap = query.since || query.before ? DATED_TOTAL_CAP : TOTAL_CAP;
      const counted = this.index.count(match, dates, cap + 1);
      return { papers, total: Math.min(counted, cap), totalCapped: counted > cap, path };
    }
    const dated = !!(query.since || query.before);
    const plain = this.plain.find({
      match,
      ...(query.since ? { since: query.since } : {}),
      ...(query.before ? { before: query.before } : {}),
      limit,
      countCap: dated ? DATED_TOTAL_CAP : TOTAL_CAP,
    });
    return { papers: plain.papers, total: plain.total, totalCapped: !!plain.totalCapped, path: `bm25: ${fast.fallback}` };
  }

  /** `total` when the count came free: a query of one word or phrase and nothing else. */
  private fast(query: SearchQuery, match: string, limit: number): FastOutcome {
    const meta = this.index.meta();
    const version = this.index.ftsVersion();
    if (!meta || !meta.ftsVersion.equals(version)) return { fallback: 'the search index is being rebuilt' };
    if (!this.listsVersion.equals(version)) {
      this.lists.clear();
      this.postings.clear();
      this.lengths = undefined;
      this.listsVersion = version;
    }
    const phrases = phrasesOf(query);
    if (phrases.some((p) => p.tokens.length === 0)) return { fallback: 'a phrase with no words' };
    const { rows, averageLength } = this.index.totals();
    const words = query.since || query.before ? undefined : this.wordTerms(phrases, rows);
    if (words) {
      const found = wordTopK({ ...words, averageLength, limit, maxScan: MAX_SCAN, upvotes: (ids) => this.index.upvotes(ids) });
      this.lastStats = { candidates: found.scored, verified: 0, settled: 0 };
      if (found.proved || found.ids.length === limit) {
        const total =
          phrases.length === 1 ? { total: words.terms[0]!.list?.df ?? 0 } : found.total !== undefined ? { total: found.total } : {};
        return { ids: found.ids, ...(found.proved ? {} : { unproved: true as const }), ...total };
      }
    }
    if (!query.since && !query.before && !phrases.some((p) => p.prefix)) {
      const found = this.phrasePostings(phrases, rows, averageLength, limit);
      if (found && !('fallback' in found)) return found;
    }
    const scoring = phrases.filter((p) => !p.excluded).length;
    const scored: (ScoredPhrase & { hits: number | undefined })[] = [];
    for (const phrase of phrases) {
      if (phrase.excluded) {
        scored.push({ idf: 0, required: false, evidence: null, hits: undefined });
        continue;
      }
      const lists = phrase.tokens.map((token, i) => (phrase.prefix && i === phrase.tokens.length - 1 ? undefined : this.list(token)));
      const found = phraseEvidence(phrase, lists, averageLength, rows, () => this.matches(phrase.expression, rows, averageLength));
      if (!found) return { fallback: 'a prefix of common words' };
      // One scoring phrase: its idf scales every score alike, so the order needs no exact count.
      const weight =
        found.hits !== undefined ? idf(rows, found.hits) : scoring === 1 ? 1 : idf(rows, this.index.count(phrase.expression, {}));
      scored.push({ idf: weight, required: phrase.required, evidence: found.evidence, hits: found.hits });
    }
    const dates = { since: query.since, before: query.before };
    const counter = phraseCounter(phrases);
    const needsMatchSet = scored.some((p) => p.evidence && !p.evidence.complete) && scored.filter((p) => p.evidence).length > 1;
    // Every match, when there are few: candidates are then only real matches, and the count comes free.
    const matchSet = needsMatchSet || scoring > 1 ? this.index.matching(match, TOTAL_CAP + 1) : undefined;
    const outcome = topK({
      ...(matchSet && matchSet.length <= TOTAL_CAP ? { matchSet: new Set(matchSet) } : {}),
      dated: !!(query.since || query.before),
      phrases: scored,
      limit,
      averageLength,
      maxSettled: MAX_SETTLED,
      simple: phrases.every((p) => p.required && !p.prefix) && !query.since && !query.before,
      settle: (ids) => this.settle(ids, phrases, counter, query),
      upvotes: (ids) => this.index.upvotes(ids),
      verify: (ids) => this.index.verify(match, ids, dates),
      cheapVerify: phrases.every((p) => p.tokens.length === 1),
    });
    this.lastStats = outcome;
    if ('fallback' in outcome) return outcome;
    const dated = query.since || query.before;
    const counts = dated
      ? undefined
      : phrases.length === 1 && scored[0]!.hits !== undefined
        ? { total: scored[0]!.hits }
        : matchSet && { total: Math.min(matchSet.length, TOTAL_CAP), totalCapped: matchSet.length > TOTAL_CAP };
    return { ids: outcome.ids, ...counts };
  }

  /** Exact counts of the query's phrases in these papers, from their text, and whether each matches. */
  private settle(
    ids: readonly number[],
    phrases: readonly Phrase[],
    counter: PhraseCounter,
    dates: { since?: string | undefined; before?: string | undefined },
  ): Map<number, Settled> {
    return new Map(
      this.index.candidates(ids).map(({ id, columns, day, upvotes }) => {
        const { counts, length } = counter.count(columns, this.lengths?.[id]);
        const inDates = (!dates.since || day >= dates.since) && (!dates.before || day < dates.before);
        return [id, { counts, length, matches: inDates && matchesAll(phrases, counts), upvotes }];
      }),
    );
  }

  /**
   * Phrases and field filters ranked from their words' complete postings (phrase-topk.ts). A phrase's idf
   * needs its paper count: not when it is the only phrase scored (its idf scales every score alike), else
   * counted or, for a common phrase, estimated from part of the index (the answer is then 'approximate').
   * With FTS5's list of each phrase's hits (tens of milliseconds for common words at a million papers, a
   * tenth of what ranking every match costs) only real matches are candidates and most counts are exact;
   * each way is tried in turn until one settles the query within its budget.
   */
  private phrasePostings(phrases: readonly Phrase[], rows: number, averageLength: number, limit: number): FastOutcome | undefined {
    this.lengths ??= this.index.paperLengths();
    if (!this.lengths) return undefined;
    const lengths = this.lengths;
    const counter = phraseCounter(phrases);
    const rank = (withHits: boolean, maxSettled: number, minYield?: number): FastOutcome | undefined => {
      const prepared = this.postingsPhrases(phrases, rows, lengths.length - 1, withHits);
      if (!prepared) return undefined;
      // Reading a paper's text costs about what FTS5's bm25 spends on HITS_PER_SETTLED of a phrase's matches.
      const hits = Math.max(0, ...prepared.phrases.map((p) => p.hits?.length ?? 0));
      const found = phraseTopK({
        phrases: prepared.phrases,
        lengths,
        averageLength,
        limit,
        maxSettled: Math.max(maxSettled, Math.floor(hits / HITS_PER_SETTLED)),
        ...(minYield !== undefined ? { minYield } : {}),
        settle: (ids) => this.settle(ids, phrases, counter, {}),
        upvotes: (ids) => this.index.upvotes(ids),
      });
      this.lastStats = { candidates: found.candidates, verified: 0, settled: found.settled };
      if ('fallback' in found) return { fallback: found.fallback };
      const total =
        found.total !== undefined ? { total: found.total } : found.knownMatches > TOTAL_CAP ? { total: TOTAL_CAP, totalCapped: true } : {};
      return { ids: found.ids, ...(prepared.estimated ? { unproved: true as const } : {}), ...total };
    };
    // The words' postings often settle the query alone, and the hits (FTS5 reading every word's postings with
    // their positions, tens of milliseconds for common words) wait. A lone phrase rare among the papers with
    // its words is left to its hits after one batch of text (LONE_PHRASE_MIN_YIELD).
    const scoring = phrases.filter((p) => !p.excluded);
    const lonePhrase = scoring.length === 1 && scoring[0]!.tokens.length > 1;
    const attempts = phrases.some((p) => p.tokens.length > 1) ? [false, true] : [false];
    const minYield = lonePhrase ? LONE_PHRASE_MIN_YIELD : undefined;
    let outcome: FastOutcome | undefined;
    for (const withHits of attempts) {
      outcome = rank(withHits, withHits ? MAX_SETTLED : MAX_POSTINGS_SETTLED, withHits ? undefined : minYield);
      if (!outcome || !('fallback' in outcome)) return outcome;
    }
    return outcome;
  }

  /** Each phrase's words' postings and its idf; with `withHits`, each phrase of several words with its hits. */
  private postingsPhrases(
    phrases: readonly Phrase[],
    rows: number,
    maxId: number,
    withHits: boolean,
  ): { phrases: PostingsPhrase[]; estimated: boolean } | undefined {
    const scoring = phrases.filter((p) => !p.excluded).length;
    let estimated = false;
    const prepared: PostingsPhrase[] = [];
    for (const phrase of phrases) {
      const tokens: (Postings | null)[] = [];
      const terms = phrase.tokens.map((token) => (phrase.column ? columnTerm(phrase.column, token) : token));
      for (const term of terms) {
        const list = this.list(term);
        const postings = list && this.postingsOf(term, list);
        if (list && !postings) return undefined;
        tokens.push(postings);
      }
      const absent = tokens.includes(null);
      const hits = withHits && terms.length > 1 && !absent ? this.index.matchIds(phrase.expression) : undefined;
      let weight = 0;
      if (phrase.excluded || absent) weight = 0;
      else if (terms.length === 1) weight = idf(rows, this.list(terms[0]!)!.df);
      else if (scoring === 1) weight = 1;
      else if (hits) weight = idf(rows, hits.length);
      else {
        const work = terms.reduce((n, term) => n + this.list(term)!.df, 0);
        const counted = phraseHits((from, to) => this.index.countIn(phrase.expression, from, to), maxId, { work });
        estimated ||= !counted.exact;
        weight = idf(rows, counted.hits);
      }
      prepared.push({ phrase, tokens, idf: weight, ...(hits ? { hits } : {}) });
    }
    return { phrases: prepared, estimated };
  }

  private postingsOf(token: string, list: ImpactList): Postings | null {
    return this.postings.get(token, () => (isComplete(list) ? postingsOfList(list) : (this.index.postings(token) ?? null)));
  }

  /**
   * A phrase's matches with exact counts, when there are at most MAX_COMPLETE: FTS5 scores them alone
   * (cheap: its idf needs only these), and each count is read back from the score, knowing idf and length.
   */
  private matches(expression: string, rows: number, averageLength: number): PhraseMatches | undefined {
    if (this.index.count(expression, {}, MAX_COMPLETE + 1) > MAX_COMPLETE) return undefined;
    const scored = this.index.scored(expression, MAX_COMPLETE);
    const weight = idf(rows, scored.length);
    return {
      ids: scored.map((s) => s.id),
      lengths: scored.map((s) => s.length),
      weighted: scored.map((s) => weightedFromScore(-s.score / weight, s.length, averageLength)),
    };
  }

  /** The query as single words with complete postings each, when it is one (see word-topk.ts). */
  private wordTerms(phrases: readonly Phrase[], rows: number): { terms: WordTerm[]; lengths: Int32Array } | undefined {
    if (phrases.some((p) => p.tokens.length !== 1 || p.prefix)) return undefined;
    this.lengths ??= this.index.paperLengths();
    if (!this.lengths) return undefined;
    const terms: WordTerm[] = [];
    for (const phrase of phrases) {
      // A filter's word is a term of its own, counted in its column only (impact-lists.ts).
      const token = phrase.column ? columnTerm(phrase.column, phrase.tokens[0]!) : phrase.tokens[0]!;
      const list = this.list(token);
      const postings = list && this.postingsOf(token, list);
      if (list && !postings) return undefined;
      terms.push({ phrase, list, postings, idf: list ? idf(rows, list.df) : 0 });
    }
    return { terms, lengths: this.lengths };
  }

  private list(term: string): ImpactList | null {
    if (!this.lists.has(term)) {
      if (this.lists.size >= LIST_CACHE) this.lists.clear();
      const row = this.index.term(term);
      this.lists.set(term, row ? decodeList(row.df, row.entries) : null);
    }
    return this.lists.get(term)!;
  }
}
