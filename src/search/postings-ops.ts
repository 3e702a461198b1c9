/**
 * Operations on postings (paper ids ascending, Int32Array): merging, intersecting, and finding an id
 * quickly from a position known to be at or before it.
 */

/** The ids in any of `arrays` (in any order), ascending, each once. */
export function sortedUnique(arrays: readonly ArrayLike<number>[]): Int32Array {
  const all = new Int32Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) all[at++] = a[i]!;
  all.sort();
  let kept = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[kept++] = all[i]!;
  return all.subarray(0, kept);
}

/** The ids in every one of `arrays` (each ascending), ascending; the shortest drives the walk. */
export function intersection(arrays: readonly Int32Array[]): Int32Array {
  if (arrays.length === 0) return new Int32Array(0);
  const [shortest, ...others] = [...arrays].sort((a, b) => a.length - b.length);
  const out = new Int32Array(shortest!.length);
  const at = others.map(() => 0);
  let kept = 0;
  outer: for (let k = 0; k < shortest!.length; k++) {
    const id = shortest![k]!;
    for (let o = 0; o < others.length; o++) {
      const list = others[o]!;
      const i = (at[o] = gallop(list, id, at[o]!));
      if (i >= list.length) break outer;
      if (list[i] !== id) continue outer;
    }
    out[kept++] = id;
  }
  return out.subarray(0, kept);
}

/** The first position from `from` on whose id is at least `id` (postings.length when none). */
export function gallop(postings: Int32Array, id: number, from: number): number {
  // Walking a candidate list through a broad word's postings, the id is most often within a few places.
  for (const near = Math.min(from + 4, postings.length); from < near; from++) if (postings[from]! >= id) return from;
  let step = 1;
  let high = from;
  while (high < postings.length && postings[high]! < id) {
    from = high + 1;
    high += step;
    step *= 2;
  }
  high = Math.min(high, postings.length);
  while (from < high) {
    const middle = (from + high) >>> 1;
    if (postings[middle]! < id) from = middle + 1;
    else high = middle;
  }
  return from;
}
