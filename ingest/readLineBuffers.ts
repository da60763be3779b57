import { createReadStream } from 'node:fs';

const LF = 0x0a;
const CR = 0x0d;

export interface LineBuffer {
  /** 1-based line number. */
  line: number;
  /** The line's bytes, without its line break; only the first `maxLineBytes` of a longer line. */
  bytes: Buffer;
  /** The line's full length in bytes (larger than `bytes.length` when the line was cut). */
  size: number;
}

/**
 * The lines of a file as raw bytes (no decoding, so a replay carries invalid UTF-8 exactly as
 * it was written), numbered from 1.
 *
 * Lines end where node:readline (with `crlfDelay: Infinity`) ends them, because the file path
 * (loadDirectory.ts) reads with this too, and both paths must see the same records at the same
 * `file:line`: at "\n", "\r\n" or a lone "\r"; a final line without a line break still counts,
 * a trailing line break adds no empty line. Blank lines are yielded (the loader dead-letters them).
 *
 * `maxLineBytes` bounds the memory one line can take: of a longer line (a file with no line
 * breaks at all, a corrupted dump) only the first bytes are kept, and `size` says how long it was,
 * so the loader can reject it as too large without ever holding it whole.
 *
 * @example
 * for await (const { line, bytes } of readLineBuffers('data/demo/bids.jsonl')) console.log(line, bytes.length);
 */
export async function* readLineBuffers(file: string, maxLineBytes = Number.POSITIVE_INFINITY): AsyncGenerator<LineBuffer> {
  let parts: Buffer[] = [];
  let kept = 0;
  let size = 0;
  let afterCr = false;
  let line = 0;
  const keep = (piece: Buffer) => {
    size += piece.length;
    if (kept >= maxLineBytes || piece.length === 0) return;
    const part = piece.length > maxLineBytes - kept ? piece.subarray(0, maxLineBytes - kept) : piece;
    parts.push(Buffer.from(part));
    kept += part.length;
  };
  const take = (): LineBuffer => {
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, kept);
    const result = { line: ++line, bytes, size };
    parts = [];
    kept = 0;
    size = 0;
    return result;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    // "\r" closed the previous chunk's last line; this "\n" completes that same line break.
    if (afterCr && chunk.length > 0 && chunk[0] === LF) start = 1;
    afterCr = false;
    for (let i = start; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte !== LF && byte !== CR) continue;
      keep(chunk.subarray(start, i));
      yield take();
      if (byte === CR) {
        if (i + 1 < chunk.length) {
          if (chunk[i + 1] === LF) i++;
        } else {
          afterCr = true;
        }
      }
      start = i + 1;
    }
    if (start < chunk.length) keep(chunk.subarray(start));
  }
  if (size > 0) yield take();
}
