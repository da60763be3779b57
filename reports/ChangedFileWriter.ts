import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';

const CHUNK_BYTES = 1 << 20;

/**
 * Writes a large text file piece by piece, in bounded memory, and leaves the file untouched when
 * it already holds exactly that text: each
 * megabyte is compared with the same bytes of the file on disk; from the first difference on,
 * the text goes to a temporary file that replaces the old one on `close`. Re-rendering a report
 * after one review then rewrites only what changed, as before.
 *
 * @example
 * const json = new ChangedFileWriter('leads.json');
 * json.write('[');
 * json.write(']\n');
 * const changed = json.close();
 */
export class ChangedFileWriter {
  private pending: string[] = [];
  private pendingLength = 0;
  /** Bytes of the new text dealt with so far: compared equal, or written to `temporary`. */
  private offset = 0;
  private readonly old: number | null;
  private out: number | null = null;
  private readonly temporary: string;
  private done = false;

  constructor(readonly path: string) {
    this.temporary = `${path}.${process.pid}.tmp`;
    this.old = (() => {
      try {
        return openSync(path, 'r');
      } catch {
        return null;
      }
    })();
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= CHUNK_BYTES) this.flush();
  }

  /** Finishes the file; true when it was written, false when it already held this text. */
  close(): boolean {
    if (this.done) throw new Error(`${this.path} is already closed`);
    this.done = true;
    this.flush();
    if (this.out === null && this.old !== null && fstatSync(this.old).size === this.offset) {
      closeSync(this.old);
      return false;
    }
    if (this.out === null) this.diverge(); // the old file was longer (or absent and the text empty)
    closeSync(this.out!);
    if (this.old !== null) closeSync(this.old);
    renameSync(this.temporary, this.path);
    return true;
  }

  /** Drops the new text (after an error): the old file stays as it was. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    if (this.out !== null) closeSync(this.out);
    if (this.old !== null) closeSync(this.old);
    rmSync(this.temporary, { force: true });
  }

  private flush(): void {
    if (this.pendingLength === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    if (this.out === null && this.old !== null) {
      const existing = Buffer.allocUnsafe(bytes.length);
      const read = readSync(this.old, existing, 0, bytes.length, this.offset);
      if (read === bytes.length && existing.equals(bytes)) {
        this.offset += bytes.length;
        return;
      }
    }
    if (this.out === null) this.diverge();
    writeSync(this.out!, bytes);
    this.offset += bytes.length;
  }

  /** Starts the temporary file with the prefix found equal so far (copied from the old file). */
  private diverge(): void {
    this.out = openSync(this.temporary, 'w');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let position = 0; position < this.offset;) {
      const read = readSync(this.old!, buffer, 0, Math.min(CHUNK_BYTES, this.offset - position), position);
      writeSync(this.out, buffer, 0, read);
      position += read;
    }
  }
}
