import { randomUUID } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LINE_CHECKSUM_MODULUS } from './scanLineLayout.ts';
import { spoolFileName } from './spool.ts';

const LF = 0x0a;
const CHUNK_BYTES = 4 << 20;

/** One piece of a plain file, written to a file of its own, with what DuckDB must read back from it. */
export interface LinePiece {
  path: string;
  /** The line number, in the whole file, of the piece's first line. */
  firstLine: number;
  lines: number;
  /** Σ line number within the piece × line length, modulo LINE_CHECKSUM_MODULUS (as scanLineLayout). */
  checksum: number;
  /** Bytes of the whole file before the piece, and in it. */
  bytesBefore: number;
  bytes: number;
}

/** The piece being written. */
interface OpenPiece extends LinePiece {
  fd: number;
}

/**
 * Cuts a plain file (scanLineLayout said so) into pieces of `pieceLines` lines, each written to
 * `spool` just before it is handed over and deleted when the caller asks for the next one, so at
 * most one piece is on the spool at a time. Why: DuckDB reads a whole file into one table, and a
 * file several times its memory limit (the 10M set's bids.jsonl is 7.4 GB against 2 GB) is
 * spilled to disk and read back by every statement after (the staging, the line check, the
 * upsert: 1.3× the CPU per line of the 1M set's 740 MB file, docs/scale.md). Pieces the size of a
 * merge batch stay in memory.
 *
 * @example
 * for await (const piece of writeLinePieces('data/bench/scale-435/bids.jsonl', 1_000_000, spoolDirectory())) load(piece);
 */
export async function* writeLinePieces(path: string, pieceLines: number, spool: string): AsyncGenerator<LinePiece> {
  const file = await open(path, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  // In an object, not a `let`: TypeScript does not see the closures below change a local.
  const writing: { piece: OpenPiece | null } = { piece: null };
  let linesBefore = 0;
  let bytesBefore = 0;
  // Bytes of the current line seen so far (a line can straddle chunks).
  let lineBytes = 0;
  const startPiece = () => {
    const piecePath = join(spool, spoolFileName('piece', randomUUID()));
    writing.piece = { path: piecePath, fd: openSync(piecePath, 'w'), firstLine: linesBefore + 1, lines: 0, checksum: 0, bytesBefore, bytes: 0 };
    return writing.piece;
  };
  const finishPiece = (done: OpenPiece): LinePiece => {
    closeSync(done.fd);
    writing.piece = null;
    linesBefore += done.lines;
    bytesBefore += done.bytes;
    const { fd: _closed, ...written } = done;
    return written;
  };
  try {
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      let start = 0;
      while (start < bytesRead) {
        const current = writing.piece ?? startPiece();
        const at = buffer.indexOf(LF, start);
        if (at < 0 || at >= bytesRead) {
          // The chunk ends inside a line: write what there is, the rest comes with the next chunk.
          writeSync(current.fd, buffer, start, bytesRead - start);
          current.bytes += bytesRead - start;
          lineBytes += bytesRead - start;
          break;
        }
        // Whole lines up to the piece's end, or to the last line break of the chunk, in one write.
        let end = at;
        let length = lineBytes + (at - start);
        for (;;) {
          current.lines += 1;
          current.checksum = (current.checksum + current.lines * length) % LINE_CHECKSUM_MODULUS;
          if (current.lines === pieceLines) break;
          const next = buffer.indexOf(LF, end + 1);
          if (next < 0 || next >= bytesRead) break;
          length = next - end - 1;
          end = next;
        }
        lineBytes = 0;
        writeSync(current.fd, buffer, start, end + 1 - start);
        current.bytes += end + 1 - start;
        start = end + 1;
        if (current.lines === pieceLines) yield* handOver(finishPiece(current));
      }
    }
    const last = writing.piece;
    if (last) {
      // A last line without "\n" is a line all the same (readLineBuffers yields it).
      if (lineBytes > 0) {
        last.lines += 1;
        last.checksum = (last.checksum + last.lines * lineBytes) % LINE_CHECKSUM_MODULUS;
      }
      // A piece is opened only for bytes, so it holds at least this line.
      yield* handOver(finishPiece(last));
    }
  } finally {
    const left = writing.piece;
    if (left) {
      closeSync(left.fd);
      await rm(left.path, { force: true });
    }
    await file.close();
  }
}

/** Hands a written piece to the caller and deletes it when the caller moves on (or stops). */
async function* handOver(piece: LinePiece): AsyncGenerator<LinePiece> {
  try {
    yield piece;
  } finally {
    await rm(piece.path, { force: true });
  }
}
