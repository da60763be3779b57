import { createReadStream } from 'node:fs';

const LF = 0x0a;
const CR = 0x0d;

/**
 * The lines of a file as raw bytes (no decoding, so a replay carries invalid UTF-8 exactly as
 * it was written), numbered from 1.
 *
 * Lines end where node:readline (with `crlfDelay: Infinity`) ends them, because the file path
 * (loadDirectory.ts) reads with this too, and both paths must see the same records at the same
 * `file:line`: at "\n", "\r\n" or a lone "\r"; a final line without a line break still counts,
 * a trailing line break adds no empty line. Blank lines are yielded (the loader dead-letters them).
 *
 * @example
 * for await (const { line, bytes } of readLineBuffers('data/demo/bids.jsonl')) console.log(line, bytes.length);
 */
export async function* readLineBuffers(file: string): AsyncGenerator<{ line: number; bytes: Buffer }> {
  let carry: Buffer | null = null;
  let afterCr = false;
  let line = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    // "\r" closed the previous chunk's last line; this "\n" completes that same line break.
    if (afterCr && chunk.length > 0 && chunk[0] === LF) start = 1;
    afterCr = false;
    for (let i = start; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte !== LF && byte !== CR) continue;
      const piece = chunk.subarray(start, i);
      const bytes: Buffer = carry ? Buffer.concat([carry, piece]) : Buffer.from(piece);
      carry = null;
      yield { line: ++line, bytes };
      if (byte === CR) {
        if (i + 1 < chunk.length) {
          if (chunk[i + 1] === LF) i++;
        } else {
          afterCr = true;
        }
      }
      start = i + 1;
    }
    if (start < chunk.length) carry = carry ? Buffer.concat([carry, chunk.subarray(start)]) : Buffer.from(chunk.subarray(start));
  }
  if (carry && carry.length > 0) yield { line: ++line, bytes: carry };
}
