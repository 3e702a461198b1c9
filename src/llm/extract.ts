/** Text utilities for the offline (extractive) summariser: sentences, terms, cue words, phrase trimming. */

const STOP_WORDS = new Set(
  `a about above after again against all also although am an and any are as at be because been before being below between
  both but by can could did do does doing down during each either few for from further had has have having here how however
  i if in into is it its itself just may might more most much must my no nor not now of off on once only or other our ours
  out over own per same shall she should so some such than that the their theirs them then there these they this those
  through thus to too under until up upon us very via was we were what when where whether which while who whom why will with
  within without would yet you your paper work study approach method methods results show shows shown new use using used
  based propose proposed present introduce well across one two three many several often even first see know think get getting
  better task tasks performance model models language large framework system systems experiments prior existing specific
  different diverse overall both make makes need needs way ways still different given`.split(/\s+/),
);

const ABBREVIATION = /\b(?:e\.g|i\.e|et al|etc|vs|cf|fig|figs|eq|eqs|sec|no|approx|resp|incl|al)\.$/i;

export const CUES = {
  contribution:
    /\b(?:we|this (?:paper|work|study)|our (?:paper|work))\s+(?:further\s+|then\s+|also\s+|therefore\s+|thus\s+|hence\s+|here\s+|first\s+|\w+ly\s+)?(?:propose|introduce|present|develop|design|build|release|describe|contribute)s?\b/i,
  problem:
    /\b(?:problems?|challeng\w*|remains?|lacks?|lacking|limited|limitations?|however|bottlenecks?|struggl\w*|fails?|difficult\w*|costly|expensive|lossy|unclear|open question|hinges?|gaps?|suffers?|critical|yet|but|cannot|(?:do|does) not)\b/i,
  approach:
    /\b(?:method|framework|approach|pipeline|architecture|algorithm|technique|mechanism|we (?:study|investigate|use|train|leverage|combine|contrast|formulate|model|analy[sz]e)|our (?:method|approach|model|framework))\b/i,
  data: /\b(?:datasets?|benchmarks?|corpus|corpora|suites?|evaluated on|experiments? (?:on|across))\b(?!-)/i,
  /** "on WebArena", "across MMLU": a preposition before a capitalised name (case-sensitive on purpose). */
  namedData: /\b(?:[Oo]n|[Aa]cross)\s+[A-Z][a-z]*[A-Z0-9][\w-]*/,
  result:
    /\b(?:outperform\w*|surpass\w*|state[- ]of[- ]the[- ]art|sota|improv\w*|achiev\w*|gains?|beats?|exceed\w*|reduc\w*|speed-?ups?|faster|reveals?|shows?|demonstrates?|indicates?|we (?:find|observe))\b/i,
  /** A number with a unit, after "=", or a score named by its metric ("44.35 (+5.94) accuracy"). */
  number:
    /(?:[+−-]?\d+(?:\.\d+)?\s?(?:%|×|x\b|-?fold\b|(?:points?|pp)\b|times\b))|(?:=\s*[+−-]?\d+(?:\.\d+)?)|(?:\d+\.\d+(?:\s?\([+−-]?\d+(?:\.\d+)?\))?\s(?:average\s)?(?:accuracy|F1|BLEU|ROUGE(?:-\w+)?|AUC|mAP|EM|exact match|win rate|pass@\d+|score|performance)\b)/,
} as const;

export function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Splits prose into sentences, not breaking on "e.g.", "et al." or decimals. */
export function splitSentences(text: string): string[] {
  const clean = normaliseSpace(text);
  const sentences: string[] = [];
  let start = 0;
  for (const match of clean.matchAll(/[.!?]["”')\]]?\s+(?=["“(\[{]?[A-Z0-9])/g)) {
    const end = match.index + match[0].trimEnd().length;
    if (ABBREVIATION.test(clean.slice(start, end))) continue;
    sentences.push(clean.slice(start, end).trim());
    start = match.index + match[0].length;
  }
  sentences.push(clean.slice(start).trim());
  return sentences.filter((s) => s.length > 0);
}

/** Content words, lower-cased; hyphenated terms ("kv-cache") stay whole. */
export function terms(text: string): string[] {
  const found = text.match(/[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*/g) ?? [];
  return found.map((w) => w.toLowerCase()).filter((w) => w.length > 2 && !STOP_WORDS.has(w));
}

/** Cuts at a word boundary and marks the cut with "…". */
export function shorten(text: string, max: number): string {
  const clean = normaliseSpace(text);
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:(\-–—]+$/, '')}…`;
}

export interface RankedSentence {
  text: string;
  index: number;
  score: number;
}

/** Scores sentences: TF-IDF centrality over the abstract, title overlap, position, and cue words. */
export function rankSentences(abstract: string, title: string): RankedSentence[] {
  const sentences = splitSentences(abstract);
  const bags = sentences.map((s) => new Set(terms(s)));
  const tf = new Map<string, number>();
  for (const word of terms(abstract)) tf.set(word, (tf.get(word) ?? 0) + 1);
  const df = new Map<string, number>();
  for (const bag of bags) for (const word of bag) df.set(word, (df.get(word) ?? 0) + 1);
  const titleTerms = new Set(terms(title));
  const n = sentences.length;
  const central = bags.map((bag) => {
    let sum = 0;
    for (const word of bag) if ((tf.get(word) ?? 0) > 1) sum += Math.log(1 + (tf.get(word) ?? 0)) * Math.log(1 + n / (df.get(word) ?? 1));
    return bag.size === 0 ? 0 : sum / Math.sqrt(bag.size);
  });
  const maxCentral = Math.max(1e-9, ...central);
  return sentences.map((text, index) => {
    const bag = bags[index] ?? new Set<string>();
    const words = text.split(' ').length;
    let score = (central[index] ?? 0) / maxCentral;
    score += titleTerms.size ? (0.4 * [...bag].filter((w) => titleTerms.has(w)).length) / titleTerms.size : 0;
    if (index === 0) score += 0.15;
    if (index === n - 1 && n > 2) score += 0.05;
    if (CUES.contribution.test(text)) score += 0.6;
    if (CUES.result.test(text)) score += 0.25;
    if (CUES.number.test(text)) score += 0.2;
    if (words < 6) score -= 0.5;
    if (words > 60) score -= 0.2;
    if (/https?:\/\//.test(text)) score -= 0.6;
    return { text, index, score };
  });
}

/** The acronym or single name a contribution sentence coins, if any. */
export function coinedName(contribution: string): string | undefined {
  const after = contribution.slice(contribution.search(CUES.contribution));
  const acronym = /\(([A-Z][\w-]*[A-Z][\w-]*)\)/.exec(after.slice(0, 160));
  if (acronym?.[1]) return acronym[1];
  return /^\S+\s+\S+\s+([A-Z][a-z]*[A-Z][\w-]*)[,:]/.exec(after)?.[1];
}
