/**
 * How search_postings stores a term's postings. Ids ascending: when most gaps between them are under 256
 * (a broad word's are a paper or two), one byte per gap, a longer gap written as a 0 byte and the id in
 * four; otherwise the ids as they are. Counts: one byte each when every one fits, else two. A broad word's
 * postings shrink from 6 to about 2 bytes a paper, and reading one back stays a plain loop (a varint loop
 * cost more than the smaller read saved, measured at 1M papers).
 */

const BYTE_GAPS = 1;
const RAW_IDS = 4;

export function encodeIds(ids: Int32Array): Buffer {
  let escapes = 0;
  for (let i = 0, previous = 0; i < ids.length; previous = ids[i++]!) if (ids[i]! - previous > 0xff) escapes++;
  const gapsSize = ids.length + 4 * escapes;
  if (gapsSize >= 4 * ids.length) {
    const raw = Buffer.allocUnsafe(1 + 4 * ids.length);
    raw[0] = RAW_IDS;
    Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength).copy(raw, 1);
    return raw;
  }
  const out = Buffer.allocUnsafe(1 + gapsSize);
  out[0] = BYTE_GAPS;
  let at = 1;
  for (let i = 0, previous = 0; i < ids.length; previous = ids[i++]!) {
    const gap = ids[i]! - previous;
    if (gap <= 0xff) out[at++] = gap;
    else {
      out[at++] = 0;
      out.writeInt32LE(ids[i]!, at);
      at += 4;
    }
  }
  return out;
}

export function decodeIds(bytes: Buffer, count: number): Int32Array {
  if (bytes[0] === RAW_IDS) {
    if (bytes.length !== 1 + 4 * count) throw new Error(`search postings: ${bytes.length - 1} bytes of ids for ${count} papers`);
    return new Int32Array(bytes.buffer.slice(bytes.byteOffset + 1, bytes.byteOffset + bytes.length));
  }
  if (bytes[0] !== BYTE_GAPS) throw new Error(`search postings: unknown id layout ${bytes[0]}`);
  const ids = new Int32Array(count);
  let at = 1;
  let id = 0;
  for (let i = 0; i < count; i++) {
    const gap = bytes[at++]!;
    if (gap !== 0) id += gap;
    else {
      id = bytes.readInt32LE(at);
      at += 4;
    }
    ids[i] = id;
  }
  if (at !== bytes.length) throw new Error(`search postings: ${bytes.length - at} bytes left after ${count} ids`);
  return ids;
}

export function encodeWeights(weights: Uint16Array): Buffer {
  let max = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i]! > max) max = weights[i]!;
  if (max > 0xff) return Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength);
  return Buffer.from(new Uint8Array(weights));
}

export function decodeWeights(bytes: Uint8Array, count: number): Uint16Array {
  if (bytes.length === 2 * count) return new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (bytes.length !== count) throw new Error(`search postings: ${bytes.length} bytes of weights for ${count} papers`);
  return new Uint16Array(bytes);
}
