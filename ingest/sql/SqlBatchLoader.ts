import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../../db/Database.ts';
import type { RecordType } from '../../db/recordSchemas.ts';
import type { BatchOutcome, PreparedBatch } from '../RecordLoader.ts';
import { MAX_RECORD_BYTES, type IncomingRecord } from '../validateRecord.ts';
import { SqlRecordLoader, type JavaScriptLine, type SqlLine } from './SqlRecordLoader.ts';
import { removeOrphanedSpoolFiles, spoolDirectory, spoolFileName } from './spool.ts';

const BOM = [0xef, 0xbb, 0xbf];
const LF = 0x0a;
const CR = 0x0d;
/** The column delimiter of the lines file: a byte no JSON text holds unescaped, and which such a line never needs. */
const SEPARATOR = 0x01;

/** One Kafka message as the consumer hands it over: its offset and bytes (kafkajs' Message has these). */
export interface MessageBytes {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
}

/** Messages of one partition, in offset order. */
export interface MessageSlice {
  topic: string;
  partition: number;
  messages: readonly MessageBytes[];
}

/** Where prepareMessages wrote a batch's lines, and what DuckDB must read back from there. */
interface LinesFile {
  path: string;
  lines: number;
  /** The sum of the lines' `seq`: each read once, none cut or merged. */
  seqSum: number;
}

/** A dead letter's message as it arrived: its key and value bytes. */
export interface MessageBytesOf {
  key: Buffer | null;
  value: Buffer | null;
}

/** What `settle` needs of a prepared batch. */
type Pending =
  | { kind: 'lines'; lines: SqlLine[]; javaScriptLines: JavaScriptLine[] }
  | { kind: 'file'; file: LinesFile; javaScriptLines: JavaScriptLine[]; javaScriptKeys: Map<string, Buffer | null> };

/** Each lines file is written through a buffer of this size (one write call per chunk). */
const WRITE_CHUNK_BYTES = 4 << 20;

/** A batch of one record type's messages being written (SqlBatchLoader.startMessages). */
export interface MessageBatchWriter {
  add(slice: MessageSlice): void;
  finish(): PreparedBatch;
}

/** Writes messages as lines (`seq \x01 topic/partition/offset \x01 key \x01 value`), and keeps those JavaScript has to read. */
class LinesFileWriter {
  readonly javaScriptLines: JavaScriptLine[] = [];
  readonly javaScriptKeys = new Map<string, Buffer | null>();
  private readonly fd: number;
  private chunk = Buffer.allocUnsafe(WRITE_CHUNK_BYTES);
  private at = 0;
  private seq = 0;
  private lines = 0;
  private seqSum = 0;
  private open = true;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  add({ topic, partition, messages }: MessageSlice): void {
    const prefix = `${topic}/${partition}/`;
    let { chunk, at, seq } = this;
    try {
      for (const message of messages) {
        const { value, key } = message;
        const source = `${prefix}${message.offset}`;
        if (value === null || !plainBytes(value, MAX_RECORD_BYTES) || (key !== null && !plainBytes(key, MAX_RECORD_BYTES))) {
          this.javaScriptLines.push({ seq, item: { raw: value, source, key: key === null ? null : key.toString('utf8') } });
          this.javaScriptKeys.set(source, key);
          seq += 1;
          continue;
        }
        const head = `${seq}\x01${source}\x01`;
        const length = head.length + (key?.length ?? 0) + value.length + 2;
        if (at + length > chunk.length) {
          writeSync(this.fd, chunk, 0, at);
          at = 0;
          // A message larger than the chunk (up to MAX_RECORD_BYTES) gets a buffer of its own.
          if (length > chunk.length) chunk = this.chunk = Buffer.allocUnsafe(length);
        }
        at += chunk.write(head, at, 'latin1');
        if (key !== null) {
          chunk.set(key, at);
          at += key.length;
        }
        chunk[at++] = SEPARATOR;
        chunk.set(value, at);
        at += value.length;
        chunk[at++] = LF;
        this.lines += 1;
        this.seqSum += seq;
        seq += 1;
      }
    } finally {
      this.at = at;
      this.seq = seq;
    }
  }

  finish(): LinesFile & { read: number } {
    try {
      if (this.at > 0) writeSync(this.fd, this.chunk, 0, this.at);
    } finally {
      this.abandon();
    }
    return { path: this.path, lines: this.lines, seqSum: this.seqSum, read: this.seq };
  }

  /** Closes the file (if open) and returns its path. */
  abandon(): string {
    if (this.open) closeSync(this.fd);
    this.open = false;
    return this.path;
  }
}

/**
 * The SQL loader behind the Kafka consumer's batch interface (ingestTopics' BatchLoader):
 * `prepare` only sorts the messages into text for SQL and bytes for JavaScript (no database
 * work, as the consumer expects); `settle` runs the SQL step and validateRecord, filling the
 * batch's dead letters so the consumer can publish them before the DuckDB commit; `commit`
 * merges. A message's `seq` is its place in the batch; its source and key are checked as in
 * RecordLoader (`key_mismatch`).
 *
 * @example
 * const loader = await SqlBatchLoader.create(db);
 * const batch = loader.prepare('bids', messages);
 * await loader.settle(batch); // batch.deadLetters now filled
 * const outcome = await loader.commit(batch);
 */
export class SqlBatchLoader {
  private readonly pending = new WeakMap<PreparedBatch, Pending>();
  private readonly lettersOf = new WeakMap<PreparedBatch, Map<string, MessageBytesOf>>();
  /** Lines files written and not read yet. */
  private readonly files = new Set<string>();
  /** Lines files being written. */
  private readonly writers = new Set<LinesFileWriter>();

  private constructor(
    private readonly db: Database,
    private readonly sql: SqlRecordLoader,
    /** Where prepareMessages writes its lines files (spoolDirectory). */
    readonly spool: string,
  ) {}

  static async create(db: Database): Promise<SqlBatchLoader> {
    const spool = spoolDirectory();
    await removeOrphanedSpoolFiles(spool);
    return new SqlBatchLoader(db, await SqlRecordLoader.create(db), spool);
  }

  prepare(type: RecordType, items: readonly IncomingRecord[]): PreparedBatch {
    const lines: SqlLine[] = [];
    const javaScriptLines: JavaScriptLine[] = [];
    items.forEach((item, seq) => {
      const raw = item.raw;
      const bytes = typeof raw === 'string' ? null : raw;
      // Tombstones, text handed over as a string (tests), bytes that are not UTF-8 or start with a BOM, and over-long messages: JavaScript.
      if (raw === null || typeof raw === 'string' || (item.size ?? raw.byteLength) > MAX_RECORD_BYTES || !isUtf8(raw) || BOM.every((b, i) => bytes![i] === b)) {
        javaScriptLines.push({ seq, item });
      } else {
        lines.push({ seq, source: item.source, raw: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'), ...(item.key !== undefined ? { key: item.key } : {}) });
      }
    });
    const prepared: PreparedBatch = { type, read: items.length, values: [], deadLetters: [[], [], [], [], [], [], []] };
    this.pending.set(prepared, { kind: 'lines', lines, javaScriptLines });
    return prepared;
  }

  /**
   * The consumer's fast path: takes Kafka messages as they arrived, without making a JavaScript
   * string or object per message. Each message whose bytes DuckDB's CSV reader reads exactly as
   * one text field (plainBytes: valid UTF-8, no line break, CR, NUL or delimiter byte, no BOM, not
   * over the size bound; its key the same, or none) is written to a temporary file as a line
   * `seq \x01 topic/partition/offset \x01 key \x01 value`, which `settle` has DuckDB read in
   * parallel into the lines table; the rest go to validateRecord as before. Sources, keys and
   * `seq` (the message's place in the batch, the upsert's tie-break) are those `prepare` gives
   * the same messages. The loader keeps no reference to the messages: the caller may drop them.
   */
  prepareMessages(type: RecordType, slices: readonly MessageSlice[]): PreparedBatch {
    const batch = this.startMessages(type);
    for (const slice of slices) batch.add(slice);
    return batch.finish();
  }

  /**
   * prepareMessages in steps, so a consumer can write each fetched partition batch at once and
   * let its messages go (they never outlive a fetch: less for the garbage collector to copy and
   * mark, less memory): `add` writes a slice's messages, `finish` gives the prepared batch.
   */
  startMessages(type: RecordType): MessageBatchWriter {
    const file = new LinesFileWriter(join(this.spool, spoolFileName('kafka', randomUUID())));
    this.writers.add(file);
    return {
      add: (slice) => file.add(slice),
      finish: () => {
        const written = file.finish();
        this.writers.delete(file);
        this.files.add(written.path);
        const prepared: PreparedBatch = { type, read: written.read, values: [], deadLetters: [[], [], [], [], [], [], []] };
        this.pending.set(prepared, { kind: 'file', file: written, javaScriptLines: file.javaScriptLines, javaScriptKeys: file.javaScriptKeys });
        return prepared;
      },
    };
  }

  /**
   * The key and value bytes of each dead letter of a batch prepareMessages took, by source, once
   * it is settled: the messages' own bytes where JavaScript read them, and where SQL read them
   * the bytes of the text DuckDB holds, which are the message's (plainBytes: valid UTF-8, no BOM).
   */
  deadLetterMessages(prepared: PreparedBatch): Map<string, MessageBytesOf> {
    return this.lettersOf.get(prepared) ?? new Map();
  }

  /** Deletes the files of batches started or prepared and never settled (a stopped or failed ingest). */
  async close(): Promise<void> {
    for (const writer of this.writers) this.files.add(writer.abandon());
    this.writers.clear();
    await Promise.all([...this.files].map((path) => rm(path, { force: true })));
    this.files.clear();
  }

  /** Runs the checks: afterwards the batch holds its dead letters. Idempotent. */
  async settle(prepared: PreparedBatch): Promise<void> {
    const pending = this.pending.get(prepared);
    if (!pending) return;
    this.pending.delete(prepared);
    let decided: PreparedBatch;
    if (pending.kind === 'lines') {
      await this.sql.clearLines();
      await this.sql.appendLines(pending.lines);
      decided = await this.sql.stage(prepared.type, pending.javaScriptLines);
    } else {
      try {
        decided = (await this.stageLinesFile(prepared.type, pending)) ?? (await this.stageThroughAppender(prepared.type, pending));
      } finally {
        await rm(pending.file.path, { force: true });
        this.files.delete(pending.file.path);
      }
      this.lettersOf.set(decided, await this.messagesOfDeadLetters(decided, pending));
    }
    prepared.values = decided.values;
    prepared.deadLetters = decided.deadLetters;
    this.sql.carryStaging(decided, prepared);
    const letters = this.lettersOf.get(decided);
    if (letters) this.lettersOf.set(prepared, letters);
  }

  async commit(prepared: PreparedBatch): Promise<BatchOutcome> {
    await this.settle(prepared);
    return this.sql.finish(prepared, prepared.read);
  }

  /**
   * Stages a lines file straight from DuckDB's CSV reader, which splits it between its threads
   * (a table of one Kafka batch is too small for that: DuckDB scans a table in parallel by row
   * groups of 122,880 rows). Null, with nothing staged that counts, when the staged lines are
   * not those written (as many, the same `seq`s), or DuckDB cannot read the file (never seen).
   */
  private async stageLinesFile(type: RecordType, pending: Extract<Pending, { kind: 'file' }>): Promise<PreparedBatch | null> {
    const { file, javaScriptLines } = pending;
    const lines = `(
      select seq, source, raw, msg_key, true as has_key
      from read_csv(${sqlText(file.path)}, columns = {'seq': 'INTEGER', 'source': 'VARCHAR', 'msg_key': 'VARCHAR', 'raw': 'VARCHAR'},
                    delim = '\x01', quote = '', escape = '', header = false, auto_detect = false, new_line = '\\n',
                    strict_mode = false, max_line_size = ${MAX_RECORD_BYTES * 3})
    ) as lines`;
    if (file.lines === 0) {
      await this.sql.clearLines();
      return this.sql.stage(type, javaScriptLines);
    }
    const counts = { ...this.sql.counts };
    try {
      // An empty key field (a message without a key) reads as NULL, as the JavaScript path has it.
      const decided = await this.sql.stage(type, javaScriptLines, { lines });
      const [staged] = await this.db.query<{ lines: number; seq_sum: number }>(
        `select count(*)::double as lines, coalesce(sum(seq), 0)::double as seq_sum from ${this.sql.stagedTableOf(type)}`,
      );
      if (staged?.lines === file.lines && staged.seq_sum === file.seqSum) return decided;
    } catch {
      // Read again below, through the appender.
    }
    Object.assign(this.sql.counts, counts);
    return null;
  }

  /** The fallback: the lines of the file as text through the appender into the lines table, staged from there. */
  private async stageThroughAppender(type: RecordType, pending: Extract<Pending, { kind: 'file' }>): Promise<PreparedBatch> {
    await this.sql.clearLines();
    await this.sql.appendLines(readLines(pending.file.path));
    return this.sql.stage(type, pending.javaScriptLines);
  }

  /** See deadLetterMessages. */
  private async messagesOfDeadLetters(prepared: PreparedBatch, pending: Extract<Pending, { kind: 'file' }>): Promise<Map<string, MessageBytesOf>> {
    const [sources] = prepared.deadLetters as [string[]];
    const letters = new Map<string, MessageBytesOf>();
    if (!sources || sources.length === 0) return letters;
    for (const { item } of pending.javaScriptLines) {
      letters.set(item.source, { key: pending.javaScriptKeys.get(item.source) ?? null, value: item.raw === null ? null : Buffer.isBuffer(item.raw) ? item.raw : Buffer.from(item.raw) });
    }
    const fromSql = sources.filter((source) => !letters.has(source));
    if (fromSql.length === 0) return letters;
    // The lines SQL did not accept keep their text and key in the staged table.
    const rows = await this.db.query<{ source: string; raw: string; msg_key: string | null }>(
      `select _source as source, _raw as raw, _msg_key as msg_key from ${this.sql.stagedTableOf(prepared.type)} where not _fast and list_contains($sources, _source)`,
      { sources: fromSql },
    );
    for (const row of rows) letters.set(row.source, { key: row.msg_key === null ? null : Buffer.from(row.msg_key, 'utf8'), value: Buffer.from(row.raw, 'utf8') });
    return letters;
  }
}

/**
 * True when DuckDB's CSV reader reads `bytes` as one field exactly (the rules of
 * scanLineLayout.ts) and JavaScript would decode them the same: not empty, valid UTF-8 without
 * a BOM (TextDecoder drops it), no LF, CR, NUL or separator byte, at most `maxBytes`.
 */
function plainBytes(bytes: Buffer, maxBytes: number): boolean {
  const length = bytes.length;
  if (length === 0 || length > maxBytes) return false;
  if (length >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2]) return false;
  return bytes.indexOf(LF) < 0 && bytes.indexOf(SEPARATOR) < 0 && bytes.indexOf(CR) < 0 && bytes.indexOf(0) < 0 && isUtf8(bytes);
}

/** A SQL string literal (a path goes into the staging statement, where parameters cannot). */
const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The lines of a file prepareMessages wrote, as text for the appender (the fallback). */
function readLines(path: string): SqlLine[] {
  const text = readFileSync(path, 'utf8');
  const lines: SqlLine[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [seq, source, key, raw] = line.split('\x01') as [string, string, string, string];
    lines.push({ seq: Number(seq), source, raw, key: key === '' ? null : key });
  }
  return lines;
}
