import { describe, expect, it } from 'vitest';
import { decodeIds, decodeWeights, encodeIds, encodeWeights } from '../../src/store/postings-codec.ts';

describe("GIVEN a term's postings as search_postings stores them", () => {
  it('THEN a dense run takes a byte a paper, long gaps among them five, and all come back as they were', () => {
    const dense = Int32Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(encodeIds(dense).length).toBe(1 + 1000);
    expect(decodeIds(encodeIds(dense), 1000)).toEqual(dense);
    const gappy = Int32Array.from([1, 2, 3, 255, 256, 1_000, 1_001, 2_000_000_000, 2_000_000_001, 2_000_000_256]);
    // The gaps to 1,000 and to 2,000,000,000 are over 255; the one to 2,000,000,256 is exactly 255.
    expect(encodeIds(gappy).length).toBe(1 + gappy.length + 4 * 2);
    expect(decodeIds(encodeIds(gappy), gappy.length)).toEqual(gappy);
  });

  it('THEN ids mostly far apart are kept as they are, four bytes each', () => {
    const sparse = Int32Array.from({ length: 100 }, (_, i) => 1 + i * 5_000);
    expect(encodeIds(sparse).length).toBe(1 + 400);
    expect(decodeIds(encodeIds(sparse), 100)).toEqual(sparse);
  });

  it('THEN weights take one byte each while all fit, two once one does not, and come back as they were', () => {
    const small = Uint16Array.from([1, 10, 255, 4]);
    const large = Uint16Array.from([1, 10, 256, 4]);
    expect(encodeWeights(small).length).toBe(4);
    expect(encodeWeights(large).length).toBe(8);
    expect(decodeWeights(encodeWeights(small), 4)).toEqual(small);
    expect(decodeWeights(encodeWeights(large), 4)).toEqual(large);
  });

  it('THEN a blob that does not hold the count it is stored with is refused, not read as other papers', () => {
    const bytes = encodeIds(Int32Array.from([5, 9, 12]));
    expect(() => decodeIds(bytes, 2)).toThrow(/1 bytes left after 2 ids/);
    expect(() => decodeIds(Buffer.from([7, 1, 2]), 2)).toThrow(/unknown id layout 7/);
    expect(() => decodeWeights(Buffer.from([1, 2, 3]), 2)).toThrow(/3 bytes of weights for 2 papers/);
  });
});
