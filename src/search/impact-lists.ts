/**
 * Impact lists: for every term, the papers where it weighs most in bm25 (its column-weighted count,
 * saturated by the paper's length), best first, at most `depth` of them, each with its length and the
 * term's count in every column; and the term's document frequency. A term in at most `depth` papers has a
 * complete list. A query takes its candidates from these lists instead of scoring every match; the
 * weakest entry of an incomplete list bounds what a paper left out can score for that term (see topk.ts).
 */
import type { PaperText } from '../store/search-index.ts';
import { COLUMNS, WEIGHTS, saturation } from './bm25.ts';
import { TermTable } from './term-table.ts';

const COLUMN_COUNT = COLUMNS.length;

export interface ImpactList {
  readonly df: number;
  /** Entries best first: paper id, its length in tokens, and the term's count per column (COLUMN_COUNT each). */
  readonly ids: Int32Array;
  readonly lengths: Int32Array;
  readonly counts: Uint16Array;
}

export const isComplete = (list: ImpactList): boolean => list.ids.length === list.df;

/** The term's column-weighted count in entry `j`, only in `column` when given (an index into COLUMNS). */
export function weightedAt(list: ImpactList, j: number, column?: number): number {
  if (column !== undefined) return WEIGHTS[column]! * list.counts[j * COLUMN_COUNT + column]!;
  let total = 0;
  for (let c = 0; c < COLUMN_COUNT; c++) total += WEIGHTS[c]! * list.counts[j * COLUMN_COUNT + c]!;
  return total;
}

const ENTRY_BYTES = 8 + 2 * COLUMN_COUNT;

export function encodeList(list: ImpactList): Buffer {
  const buffer = Buffer.alloc(list.ids.length * ENTRY_BYTES);
  for (let j = 0; j < list.ids.length; j++) {
    const at = j * ENTRY_BYTES;
    buffer.writeInt32LE(list.ids[j]!, at);
    buffer.writeInt32LE(list.lengths[j]!, at + 4);
    for (let c = 0; c < COLUMN_COUNT; c++) buffer.writeUInt16LE(list.counts[j * COLUMN_COUNT + c]!, at + 8 + 2 * c);
  }
  return buffer;
}

export function decodeList(df: number, blob: Uint8Array): ImpactList {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const n = blob.byteLength / ENTRY_BYTES;
  const list = { df, ids: new Int32Array(n), lengths: new Int32Array(n), counts: new Uint16Array(n * COLUMN_COUNT) };
  for (let j = 0; j < n; j++) {
    const at = j * ENTRY_BYTES;
    list.ids[j] = view.getInt32(at, true);
    list.lengths[j] = view.getInt32(at + 4, true);
    for (let c = 0; c < COLUMN_COUNT; c++) list.counts[j * COLUMN_COUNT + c] = view.getUint16(at + 8 + 2 * c, true);
  }
  return list;
}

/**
 * The best `depth` entries seen for one term. Entries are appended while they beat the floor; when half
 * as many again have gathered they are cut back to the best `depth`, and the weakest kept becomes the
 * floor. Anything turned away scored below the floor, which never exceeds the final list's weakest entry.
 */
class TermAccumulator {
  df = 0;
  /** The paper being counted, and the term's count per column in it so far (fields: a typed array is slower here). */
  current = -1;
  p0 = 0;
  p1 = 0;
  p2 = 0;
  p3 = 0;
  p4 = 0;
  private size = 0;
  private floor = -Infinity;
  /** Every paper with the term, by id, and the term's column-weighted count in each (the complete postings). */
  postingIds = new Int32Array(1);
  postingWeights = new Uint16Array(1);
  private impacts = new Float64Array(2);
  private ids = new Int32Array(2);
  private lengths = new Int32Array(2);
  private counts = new Uint16Array(2 * COLUMN_COUNT);

  private readonly depth: number;

  constructor(depth: number) {
    this.depth = depth;
  }

  offer(id: number, length: number, averageLength: number): void {
    const weighted = WEIGHTS[0]! * this.p0 + WEIGHTS[1]! * this.p1 + WEIGHTS[2]! * this.p2 + WEIGHTS[3]! * this.p3 + WEIGHTS[4]! * this.p4;
    if (this.df === this.postingIds.length) {
      this.postingIds = grow(this.postingIds, new Int32Array(this.df * 2));
      this.postingWeights = grow(this.postingWeights, new Uint16Array(this.df * 2));
    }
    this.postingIds[this.df] = id;
    this.postingWeights[this.df] = Math.min(weighted, 0xffff);
    this.df += 1;
    const impact = saturation(weighted, length, averageLength);
    if (impact < this.floor) return;
    if (this.size === this.ids.length) {
      if (this.size >= this.depth + (this.depth >> 1)) this.cut();
      else this.resize(Math.min(this.depth + (this.depth >> 1), this.size * 2));
    }
    const at = this.size++;
    this.impacts[at] = impact;
    this.ids[at] = id;
    this.lengths[at] = length;
    const counts = this.counts;
    const base = at * COLUMN_COUNT;
    counts[base] = this.p0;
    counts[base + 1] = this.p1;
    counts[base + 2] = this.p2;
    counts[base + 3] = this.p3;
    counts[base + 4] = this.p4;
  }

  list(): ImpactList {
    const order = Array.from({ length: this.size }, (_, i) => i)
      .sort((a, b) => this.impacts[b]! - this.impacts[a]! || this.ids[a]! - this.ids[b]!)
      .slice(0, this.depth);
    const counts = new Uint16Array(order.length * COLUMN_COUNT);
    order.forEach((from, j) => counts.set(this.counts.subarray(from * COLUMN_COUNT, (from + 1) * COLUMN_COUNT), j * COLUMN_COUNT));
    return {
      df: this.df,
      ids: Int32Array.from(order, (i) => this.ids[i]!),
      lengths: Int32Array.from(order, (i) => this.lengths[i]!),
      counts,
    };
  }

  /** Keeps the best `depth` entries (ties at the cut all stay: the floor is only ever a lower bound). */
  private cut(): void {
    const floor = this.impacts.slice(0, this.size).sort()[this.size - this.depth]!;
    let kept = 0;
    for (let i = 0; i < this.size; i++) {
      if (this.impacts[i]! < floor) continue;
      this.impacts[kept] = this.impacts[i]!;
      this.ids[kept] = this.ids[i]!;
      this.lengths[kept] = this.lengths[i]!;
      this.counts.copyWithin(kept * COLUMN_COUNT, i * COLUMN_COUNT, (i + 1) * COLUMN_COUNT);
      kept += 1;
    }
    this.size = kept;
    this.floor = floor;
    if (kept === this.ids.length) this.resize(kept * 2);
  }

  private resize(capacity: number): void {
    this.impacts = grow(this.impacts, new Float64Array(capacity));
    this.ids = grow(this.ids, new Int32Array(capacity));
    this.lengths = grow(this.lengths, new Int32Array(capacity));
    this.counts = grow(this.counts, new Uint16Array(capacity * COLUMN_COUNT));
  }
}

const grow = <T extends Float64Array | Int32Array | Uint16Array>(from: T, to: T): T => (
  to.set(from.subarray(0, Math.min(from.length, to.length))),
  to
);

/** Every paper containing a term, ids ascending, with the term's column-weighted count in each. */
export interface Postings {
  readonly ids: Int32Array;
  readonly weights: Uint16Array;
}

export interface ImpactListOptions {
  /** Entries kept per term. */
  readonly depth: number;
  /** The average paper length in tokens (FTS5's, for the papers being indexed). */
  readonly averageLength: number;
}

/**
 * The columns a query can filter on (author:, org:, title:): each of their words is also a term of its own,
 * "column:word", counted in that column only, so a filter is ranked like a word, with its exact df.
 */
export const FILTER_COLUMNS: readonly number[] = [COLUMNS.indexOf('title'), COLUMNS.indexOf('authors'), COLUMNS.indexOf('organization')];

/** The term for `word` found only in `column` (a token never holds a colon). */
export const columnTerm = (column: string, word: string): string => `${column}:${word}`;

/** Counts every term of every paper; `lists()` then gives each term's list. */
export class ImpactListBuilder {
  private readonly terms: TermTable<TermAccumulator>;
  private readonly inColumn: Map<number, TermTable<TermAccumulator>>;
  private readonly touched: TermAccumulator[] = [];
  private id = 0;
  private column = 0;
  private length = 0;
  /** Each paper's length in tokens, by id. */
  private lengths = new Int32Array(1024);
  private readonly count = (accumulator: TermAccumulator): void => {
    if (accumulator.current !== this.id) {
      accumulator.current = this.id;
      accumulator.p0 = accumulator.p1 = accumulator.p2 = accumulator.p3 = accumulator.p4 = 0;
      this.touched.push(accumulator);
    }
    switch (this.column) {
      case 0:
        accumulator.p0 += 1;
        break;
      case 1:
        accumulator.p1 += 1;
        break;
      case 2:
        accumulator.p2 += 1;
        break;
      case 3:
        accumulator.p3 += 1;
        break;
      default:
        accumulator.p4 += 1;
    }
    this.length += 1;
  };
  private readonly countInColumn = (accumulator: TermAccumulator): void => {
    this.count(accumulator);
    this.length -= 1;
  };

  private readonly options: ImpactListOptions;

  constructor(options: ImpactListOptions) {
    this.options = options;
    this.terms = new TermTable(() => new TermAccumulator(options.depth));
    this.inColumn = new Map(FILTER_COLUMNS.map((c) => [c, new TermTable(() => new TermAccumulator(options.depth))]));
  }

  add(paper: PaperText): void {
    this.touched.length = 0;
    this.id = paper.id;
    this.length = 0;
    for (this.column = 0; this.column < COLUMN_COUNT; this.column++) {
      this.terms.forEachToken(paper.columns[this.column]!, this.count);
      this.inColumn.get(this.column)?.forEachToken(paper.columns[this.column]!, this.countInColumn);
    }
    for (const accumulator of this.touched) accumulator.offer(this.id, this.length, this.options.averageLength);
    if (this.id >= this.lengths.length) this.lengths = grow(this.lengths, new Int32Array(Math.max(this.id + 1, this.lengths.length * 2)));
    this.lengths[this.id] = this.length;
  }

  /** Papers must be added in ascending id order, so that postings come out sorted. */
  paperLengths(): Int32Array {
    return this.lengths;
  }

  /** Each term's list and complete postings. */
  *lists(): Generator<[term: string, list: ImpactList, postings: Postings]> {
    const tables: [prefix: (term: string) => string, TermTable<TermAccumulator>][] = [
      [(term) => term, this.terms],
      ...[...this.inColumn].map(([c, table]): [(term: string) => string, TermTable<TermAccumulator>] => [
        (term) => columnTerm(COLUMNS[c]!, term),
        table,
      ]),
    ];
    for (const [name, table] of tables) {
      for (const [term, accumulator] of table.entries()) {
        yield [
          name(term),
          accumulator.list(),
          { ids: accumulator.postingIds.subarray(0, accumulator.df), weights: accumulator.postingWeights.subarray(0, accumulator.df) },
        ];
      }
    }
  }
}
