/**
 * The impact lists built in parts, one per run of paper ids, on threads of their own (build-index.ts):
 * each part packs its lists and postings into a few flat arrays that cross threads without copying, and
 * the parts merge term by term. A term's best `depth` entries overall are among the best `depth` of the
 * parts, its df is their sum, and its postings are theirs in id order.
 */
import { saturation, COLUMNS, WEIGHTS } from './bm25.ts';
import { encodeList, type ImpactList, type ImpactListBuilder, type Postings } from './impact-lists.ts';

const COLUMN_COUNT = COLUMNS.length;

export interface PartialIndex {
  readonly papers: number;
  /** The full-text index's version and average paper length in this part's read snapshot. */
  readonly version: Buffer;
  readonly averageLength: number;
  readonly terms: string[];
  readonly df: Int32Array;
  /** Term i's list entries are [listAt[i], listAt[i + 1]) of listIds, listLengths (and ×COLUMN_COUNT of listCounts). */
  readonly listAt: Int32Array;
  readonly listIds: Int32Array;
  readonly listLengths: Int32Array;
  readonly listCounts: Uint16Array;
  /** Term i's postings are [postingAt[i], postingAt[i + 1]) of postingIds and postingWeights. */
  readonly postingAt: Float64Array;
  readonly postingIds: Int32Array;
  readonly postingWeights: Uint16Array;
  /** Each paper's length in tokens, by id (0 outside this part). */
  readonly lengths: Int32Array;
}

export function packPartial(
  builder: ImpactListBuilder,
  papers: number,
  snapshot: { version: Buffer; averageLength: number },
): PartialIndex {
  const entries = [...builder.lists()];
  const listAt = new Int32Array(entries.length + 1);
  const postingAt = new Float64Array(entries.length + 1);
  entries.forEach(([, list, postings], i) => {
    listAt[i + 1] = listAt[i]! + list.ids.length;
    postingAt[i + 1] = postingAt[i]! + postings.ids.length;
  });
  const part: PartialIndex = {
    papers,
    version: snapshot.version,
    averageLength: snapshot.averageLength,
    terms: entries.map(([term]) => term),
    df: Int32Array.from(entries, ([, list]) => list.df),
    listAt,
    listIds: new Int32Array(listAt[entries.length]!),
    listLengths: new Int32Array(listAt[entries.length]!),
    listCounts: new Uint16Array(listAt[entries.length]! * COLUMN_COUNT),
    postingAt,
    postingIds: new Int32Array(postingAt[entries.length]!),
    postingWeights: new Uint16Array(postingAt[entries.length]!),
    lengths: builder.paperLengths(),
  };
  entries.forEach(([, list, postings], i) => {
    part.listIds.set(list.ids, listAt[i]!);
    part.listLengths.set(list.lengths, listAt[i]!);
    part.listCounts.set(list.counts, listAt[i]! * COLUMN_COUNT);
    part.postingIds.set(postings.ids, postingAt[i]!);
    part.postingWeights.set(postings.weights, postingAt[i]!);
  });
  return part;
}

/** The buffers to transfer with a part. */
export const transferables = (part: PartialIndex): ArrayBuffer[] =>
  [
    part.df,
    part.listAt,
    part.listIds,
    part.listLengths,
    part.listCounts,
    part.postingAt,
    part.postingIds,
    part.postingWeights,
    part.lengths,
  ].map((a) => a.buffer as ArrayBuffer);

/** Papers' lengths by id from every part (parts cover disjoint ids). */
export function mergeLengths(parts: readonly PartialIndex[]): Int32Array {
  const merged = new Int32Array(Math.max(...parts.map((p) => p.lengths.length)));
  for (const part of parts)
    part.lengths.forEach((length, id) => {
      if (length > 0) merged[id] = length;
    });
  return merged;
}

/** Every term of every part: its df, encoded list, and postings when the list leaves papers out. Parts in id order. */
export function* mergePartials(
  parts: readonly PartialIndex[],
  depth: number,
  averageLength: number,
): Generator<readonly [string, number, Buffer, Postings | undefined]> {
  const where = parts.map((part) => new Map(part.terms.map((term, i) => [term, i])));
  const seen = new Set<string>();
  for (const part of parts) {
    for (const term of part.terms) {
      if (seen.has(term)) continue;
      seen.add(term);
      const pieces = parts.flatMap((p, k) => (where[k]!.has(term) ? [{ part: p, i: where[k]!.get(term)! }] : []));
      const df = pieces.reduce((n, { part: p, i }) => n + p.df[i]!, 0);
      const list = mergeLists(pieces, df, depth, averageLength);
      yield [term, df, encodeList(list), df > depth ? concatPostings(pieces) : undefined] as const;
    }
  }
}

type Piece = { readonly part: PartialIndex; readonly i: number };

function mergeLists(pieces: readonly Piece[], df: number, depth: number, averageLength: number): ImpactList {
  const entries: { piece: Piece; j: number; impact: number; id: number }[] = [];
  for (const piece of pieces) {
    const { part, i } = piece;
    for (let j = part.listAt[i]!; j < part.listAt[i + 1]!; j++) {
      let weighted = 0;
      for (let c = 0; c < COLUMN_COUNT; c++) weighted += WEIGHTS[c]! * part.listCounts[j * COLUMN_COUNT + c]!;
      entries.push({ piece, j, impact: saturation(weighted, part.listLengths[j]!, averageLength), id: part.listIds[j]! });
    }
  }
  entries.sort((a, b) => b.impact - a.impact || a.id - b.id);
  entries.length = Math.min(entries.length, depth);
  const counts = new Uint16Array(entries.length * COLUMN_COUNT);
  entries.forEach(({ piece, j }, k) =>
    counts.set(piece.part.listCounts.subarray(j * COLUMN_COUNT, (j + 1) * COLUMN_COUNT), k * COLUMN_COUNT),
  );
  return {
    df,
    ids: Int32Array.from(entries, (e) => e.id),
    lengths: Int32Array.from(entries, (e) => e.piece.part.listLengths[e.j]!),
    counts,
  };
}

function concatPostings(pieces: readonly Piece[]): Postings {
  const size = pieces.reduce((n, { part, i }) => n + part.postingAt[i + 1]! - part.postingAt[i]!, 0);
  const postings = { ids: new Int32Array(size), weights: new Uint16Array(size) };
  let at = 0;
  for (const { part, i } of pieces) {
    const from = part.postingAt[i]!;
    const to = part.postingAt[i + 1]!;
    postings.ids.set(part.postingIds.subarray(from, to), at);
    postings.weights.set(part.postingWeights.subarray(from, to), at);
    at += to - from;
  }
  return postings;
}
