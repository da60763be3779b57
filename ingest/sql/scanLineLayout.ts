import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';

const LF = 0x0a;
const CR = 0x0d;
const CHUNK_BYTES = 4 << 20;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The modulus of the position-weighted checksum of line lengths that proves DuckDB read the
 * lines of a file in the order scanLineLayout saw them: a prime near 2^30, so that the running
 * sum plus line number × length stays an exact integer in JavaScript (below 2^53) for up to a
 * billion lines of 1 MB.
 */
export const LINE_CHECKSUM_MODULUS = 1_000_000_007;

/** What one pass over a file found out about its lines. */
export interface LineLayout {
  /**
   * True when DuckDB's CSV reader, set to one text column, yields exactly the lines
   * readLineBuffers.ts yields: valid UTF-8, lines ended by "\n" alone, no NUL or \x01 (the column
   * delimiter), no BOM, no line over `maxLineBytes`.
   */
  plain: boolean;
  /** The number of lines readLineBuffers would yield (when plain). */
  lines: number;
  /**
   * Σ line number × line length in bytes, modulo LINE_CHECKSUM_MODULUS (when plain): DuckDB's
   * reading must give the same, which it does only with the same lines in the same order.
   */
  checksum: number;
  bytes: number;
}

/**
 * Reads a file once with native buffer searches (no per-byte JavaScript) to decide whether the
 * fast reader may take it. Anything unusual (a Windows file, a corrupted byte) makes it not
 * plain and the file goes line by line through JavaScript instead, still checked in SQL.
 *
 * @example
 * const { plain, lines } = await scanLineLayout('data/demo/bids.jsonl', 1_000_000);
 */
export async function scanLineLayout(path: string, maxLineBytes: number): Promise<LineLayout> {
  const file = await open(path, 'r');
  try {
    // The unfinished last line of a chunk is moved to the front of the buffer and the next chunk
    // read behind it: no copy of whole chunks (Buffer.concat was half of this function's time).
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES + maxLineBytes + 1);
    let carried = 0;
    let lines = 0;
    let checksum = 0;
    let bytes = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, carried, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      bytes += bytesRead;
      const region = buffer.subarray(0, carried + bytesRead);
      // A BOM anywhere (even at the start: DuckDB drops it there, the old loader kept it in a dead letter's text) is not plain.
      if (region.indexOf(CR) >= 0 || region.indexOf(0) >= 0 || region.indexOf(1) >= 0 || region.indexOf(BOM) >= 0) return notPlain(bytes);
      const lastBreak = region.lastIndexOf(LF);
      // Complete lines end at the last "\n"; a multi-byte character never straddles it.
      const complete = lastBreak >= 0 ? region.subarray(0, lastBreak + 1) : region.subarray(0, 0);
      if (!isUtf8(complete)) return notPlain(bytes);
      let start = 0;
      for (let at = complete.indexOf(LF); at >= 0; at = complete.indexOf(LF, start)) {
        if (at - start > maxLineBytes) return notPlain(bytes);
        lines += 1;
        checksum = (checksum + lines * (at - start)) % LINE_CHECKSUM_MODULUS;
        start = at + 1;
      }
      carried = region.length - (lastBreak + 1);
      if (carried > maxLineBytes) return notPlain(bytes);
      region.copy(buffer, 0, lastBreak + 1);
    }
    if (carried > 0) {
      if (!isUtf8(buffer.subarray(0, carried))) return notPlain(bytes);
      lines += 1;
      checksum = (checksum + lines * carried) % LINE_CHECKSUM_MODULUS;
    }
    return { plain: true, lines, checksum, bytes };
  } finally {
    await file.close();
  }
}

function notPlain(bytes: number): LineLayout {
  return { plain: false, lines: 0, checksum: 0, bytes };
}
