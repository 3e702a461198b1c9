import type { Paper } from '../store/types.ts';

export interface Summary {
  /** One or two sentences. */
  tldr: string;
  /** Key contributions, 2 to 5 short points. */
  points: string[];
}

/** One aspect of a comparison (problem, approach, data, results), one entry per paper in order. */
export interface ComparisonRow {
  aspect: string;
  values: string[];
}

export interface Comparison {
  rows: ComparisonRow[];
  /** When to pick which, one line per paper or a short paragraph. */
  verdict: string;
}

export interface LlmOutcome<T> {
  value: T;
  /** 'offline' when the local extractive fallback produced it. */
  source: 'llm' | 'offline';
  cached: boolean;
  /** Why the fallback ran, e.g. "no OPENAI_API_KEY set" or "server unreachable: ECONNREFUSED". */
  note?: string;
  /** The channel asked for answers in another language; an offline answer stays in the papers' own. */
  untranslated?: boolean;
}

export interface UsageTotals {
  model: string;
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

export interface AskOptions {
  /** Ask the model again instead of answering from the cache; a good answer replaces the cached one. */
  readonly fresh?: boolean;
  /** The language the model writes in ("de"); unset: the model's default. */
  readonly language?: string;
  /** Set (to the reason) when no model may be called: a cached answer, else the offline one with this note. */
  readonly cacheOnly?: string;
  /** Told the tokens of each model call made for this caller (never for cached or shared answers). */
  readonly onUsage?: (tokens: number) => void;
}

/** One passage given to the model: its paper (1-based position) and where it is in the paper. */
export interface QuestionPassage {
  readonly paper: number;
  /** "§4.2", "Abstract", "Conclusion". */
  readonly label: string;
  readonly heading: string;
  readonly text: string;
}

export interface PaperQuestion {
  readonly question: string;
  readonly papers: readonly Paper[];
  readonly passages: readonly QuestionPassage[];
  /** The answer when no model can give one (the best passages, quoted). */
  readonly offline: () => Answer;
}

/** An answer from passages: each claim with the (1-based) passages it comes from. */
export interface Answer {
  readonly answered: boolean;
  readonly claims: readonly { readonly text: string; readonly sources: readonly number[] }[];
}

export interface Summariser {
  readonly mode: 'openai' | 'offline';
  readonly model: string;
  summarize(paper: Paper, signal?: AbortSignal, options?: AskOptions): Promise<LlmOutcome<Summary>>;
  compare(papers: readonly Paper[], signal?: AbortSignal, options?: AskOptions): Promise<LlmOutcome<Comparison>>;
  /** A one-line TL;DR for digests; cached per paper so many channels cost one call. */
  tldr(paper: Paper, signal?: AbortSignal): Promise<LlmOutcome<string>>;
  /** A question answered from the papers' passages only; absent without a model (the caller quotes passages). */
  ask?(question: PaperQuestion, signal?: AbortSignal, options?: AskOptions): Promise<LlmOutcome<Answer>>;
  usage(): UsageTotals[] | Promise<UsageTotals[]>;
  /** Set when an embeddings model is configured on the same server: the channel taste then uses it. */
  readonly embedder?: Embedder;
}

/** Text embeddings (PAPERBOY_EMBEDDING_MODEL): one vector per text, in order; throws (after logging) when the server fails. */
export interface Embedder {
  readonly model: string;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
