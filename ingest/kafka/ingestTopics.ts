import { Kafka, type Admin, type Consumer, type EachBatchPayload, type KafkaMessage } from 'kafkajs';
import type { Database } from '../../db/Database.ts';
import type { LoadSummary } from '../loadDirectory.ts';
import { recordTypeNames, type RecordType } from '../../db/recordSchemas.ts';
import { RecordLoader, addOutcome, emptyOutcome, type PreparedBatch } from '../RecordLoader.ts';
import type { DeadLetterCode, IncomingRecord } from '../validateRecord.ts';
import { DeadLetterPublisher, type DeadLetter } from './DeadLetterPublisher.ts';
import { IngestError } from './IngestError.ts';
import { SqlBatchLoader, type MessageBatchWriter, type MessageSlice } from '../sql/SqlBatchLoader.ts';
import { claimOrigin } from '../claimOrigin.ts';
import { withRawWriteSettings } from '../sql/withRawWriteSettings.ts';
import type { KafkaSettings } from './kafkaSettings.ts';
import { partitionKey, partitionPositions, type PartitionPosition } from './partitionPositions.ts';
import { retryRetriable } from './retryRetriable.ts';

/** What the consumer needs of a loader; tests put a failing one in its place. */
export type BatchLoader = Pick<RecordLoader, 'prepare' | 'commit'> & {
  /** Runs checks that need the database (the SQL loader, ingest/sql/SqlBatchLoader.ts), filling the batch's dead letters. */
  settle?: (batch: PreparedBatch) => Promise<void>;
  /**
   * Takes the messages as kafkajs gave them, each fetched batch at once, instead of one
   * IncomingRecord each, and keeps none of them (SqlBatchLoader's fast path);
   * `deadLetterMessages` then gives a settled batch's dead letters' bytes.
   */
  startMessages?: (type: RecordType) => MessageBatchWriter;
  deadLetterMessages?: (batch: PreparedBatch) => Map<string, { key: Buffer | null; value: Buffer | null }>;
  /** Releases what the loader holds for batches never loaded (a stop or a failure). */
  close?: () => Promise<void>;
};

export interface IngestOptions {
  /** Run until `signal` aborts instead of stopping at the end offsets seen at start. */
  follow?: boolean;
  /**
   * Messages buffered before they are loaded: one DuckDB transaction per record type in the
   * buffer, then one offset commit. The upsert joins each batch with its whole raw table and
   * each statement has a fixed cost, so few large batches beat many small ones. Default 500,000
   * with a loader that writes the messages as they are fetched (the SQL loader's fast path: a
   * buffer holds no message); 50,000 otherwise (the JavaScript loader holds a buffer's messages
   * and their parsed records until the load).
   */
  batchSize?: number;
  /** Buffered value bytes that trigger a load as well. Default 512 MB with the fast path, 64 MB otherwise. */
  maxBatchBytes?: number;
  /** A buffer that is not full is loaded this long after its first message. Default 1 s. */
  lingerMs?: number;
  /** Stops the ingest: the messages in hand are loaded and committed, then it resolves. */
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
  /** Default 1 s. */
  progressIntervalMs?: number;
  /** Things worth a line on stderr that do not stop the ingest (a missing topic, a failed offset commit that is retried). */
  onWarning?: (line: string) => void;
  /** For a dead-letter topic that has to be created. Default -1: the broker's default. */
  deadLetterReplicationFactor?: number;
  /** Default `SqlBatchLoader.create` (ingest/sql/: the file loader's SQL step, fed by startMessages); `RecordLoader.create` with BIDWATCH_LOADER=js (docs/scale.md, Kafka). */
  createLoader?: (db: Database) => Promise<BatchLoader>;
}

export interface IngestProgress {
  elapsedMs: number;
  /** Messages taken from each record topic so far. */
  read: Record<RecordType, number>;
  /** Messages whose DuckDB transaction has committed. */
  loaded: number;
  /** Without `follow`: the messages between the group's offsets and the end offsets at start. */
  expected: number | null;
}

export type IngestStop = 'end' | 'nothing_new' | 'signal';

export interface IngestSummary {
  /** Per record type, in the file loader's terms; `file` holds the topic. */
  load: LoadSummary;
  /** Messages consumed: accepted + dead-lettered. */
  messages: number;
  /** Record topics that do not exist on the cluster (nothing consumed from them). */
  missingTopics: string[];
  deadLetterTopic: string;
  /** Dead letters sent to the dead-letter topic in this run. */
  deadLettersPublished: number;
  /**
   * Dead letters already in the table from an earlier delivery of the same message (a replay, or
   * a crash between the DuckDB commit and the offset commit): counted, not stored or sent again.
   */
  redeliveredDeadLetters: number;
  /** DuckDB transactions (one per record type per loaded buffer). */
  transactions: number;
  stoppedBy: IngestStop;
  /** Per `topic/partition`, the group's committed offset when the ingest ended (its start offset where it never committed). */
  committed: Record<string, string>;
  elapsedMs: number;
}

/**
 * Consumes the record topics (`<prefix><type>`) in the consumer group of `settings` into the raw
 * tables, with the same validation and upsert as the file path (the SQL step of ingest/sql/, or
 * RecordLoader with BIDWATCH_LOADER=js), and commits the
 * group's offsets only after the DuckDB transactions holding those messages have committed. A
 * crash at any point loses nothing: what was loaded but not committed is read again, and loading
 * it again changes nothing (upsert by id, latest updated_at wins; dead letters are matched by
 * topic/partition/offset).
 *
 * Rejected messages go to the dead-letter table and, before their batch commits, to the
 * dead-letter topic. Without `follow` the ingest stops once the group has committed the end
 * offsets seen at start (the nightly mode); with it, it runs until `signal` aborts.
 *
 * kafkajs hands over one partition's messages at a time; they are buffered across partitions and
 * fetches (as kafkajs gave them: no object or string per message), and a buffer is loaded type by
 * type in the contract's order (persons … contracts). With the SQL loader each fetched batch is
 * written at once to its type's lines file, which DuckDB's CSV reader stages in parallel
 * (SqlBatchLoader.startMessages): no message outlives its fetch, and the next buffer fills while
 * DuckDB merges.
 *
 * @example
 * const summary = await ingestTopics(db, kafkaSettings({ brokers: '127.0.0.1:9092' }));
 * console.log(summary.load.bids.inserted, summary.deadLettersPublished);
 */
export async function ingestTopics(db: Database, settings: KafkaSettings, options: IngestOptions = {}): Promise<IngestSummary> {
  // The raw tables are written as the file loader writes them (no FSST/dictionary analysis at each commit's checkpoint).
  return withRawWriteSettings(db, () => consumeTopics(db, settings, options));
}

async function consumeTopics(db: Database, settings: KafkaSettings, options: IngestOptions): Promise<IngestSummary> {
  const started = Date.now();
  const warn = options.onWarning ?? (() => {});
  const kafka = new Kafka(settings.kafkaConfig());
  const admin = kafka.admin();
  const where = `Kafka at ${settings.brokers.join(',')}`;
  try {
    await admin.connect();
  } catch (error) {
    throw new IngestError('broker_unreachable', `cannot reach ${where}: ${(error as Error).message}`, { cause: error });
  }
  let loader: BatchLoader | null = null;
  let ingest: IngestRun | null = null;
  let publisher: DeadLetterPublisher | null = null;
  let consumer: Consumer | null = null;
  try {
    const existing = new Set(await admin.listTopics());
    const types = recordTypeNames.filter((type) => existing.has(settings.topics[type]));
    const missingTopics = recordTypeNames.filter((type) => !types.includes(type)).map((type) => settings.topics[type]);
    if (types.length === 0) {
      throw new IngestError(
        'no_topics',
        `none of the record topics exists on ${where}: ${missingTopics.join(', ')}. Check --topic-prefix (now "${settings.topicPrefix}"), or publish first.`,
      );
    }
    if (missingTopics.length > 0) warn(`no topic ${missingTopics.join(', ')} on the cluster yet: not consumed in this run`);
    const topics = types.map((type) => settings.topics[type]);
    const positions = await partitionPositions(admin, settings.groupId, topics);
    // Records from Kafka are real records: refused (before any row is written) by a database holding the demo.
    await claimOrigin(db, { origin: 'records', source: `kafka ${settings.brokers.join(',')} topics ${settings.topicPrefix}*` });
    loader = await (options.createLoader ?? defaultLoader)(db);
    ingest = new IngestRun(db, loader, settings, options, positions, types, missingTopics, started, warn);
    if (!options.follow && positions.every((p) => p.start >= p.end)) return ingest.summary('nothing_new');

    publisher = await DeadLetterPublisher.create(kafka, admin, {
      topic: settings.deadLetterTopic,
      recordTopics: topics,
      replicationFactor: options.deadLetterReplicationFactor,
      warn,
    }).catch((error: Error) => {
      throw new IngestError('kafka_error', `${where}: cannot set up the dead-letter topic ${settings.deadLetterTopic}: ${error.message}`, { cause: error });
    });
    consumer = kafka.consumer({
      groupId: settings.groupId,
      // The end of the data shows as fetches that come back empty: keep their wait short.
      maxWaitTimeInMs: options.follow ? 500 : 100,
      maxBytesPerPartition: 8 * 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
      // A member that died without leaving (kill -9, a lost machine) holds its partitions until
      // its session times out: kafkajs' 30 s default would stall the rerun after a crash that long.
      // Heartbeats go out at least every second, during long DuckDB merges too.
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      // kafkajs backs off up to 30 s between retries; after a broker restart that is up to 30 s
      // of doing nothing once the broker is back. Following, keep the waits short and retry on.
      ...(options.follow ? { retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 10 } } : {}),
      allowAutoTopicCreation: false,
    });
    ingest.attach(consumer, publisher, admin);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: true,
      eachBatch: (payload) => ingest!.onBatch(payload),
    });
    const stoppedBy = await ingest.finished;
    return ingest.summary(stoppedBy);
  } catch (error) {
    if (error instanceof IngestError) throw error;
    if (error instanceof Error && error.name.startsWith('KafkaJS')) {
      const unreachable = /connect|connection|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|broker not found/i.test(`${error.name} ${error.message}`);
      throw new IngestError(unreachable ? 'broker_unreachable' : 'kafka_error', `${where}: ${error.message}`, { cause: error });
    }
    throw error;
  } finally {
    ingest?.close();
    // A failure can come from the consumer while a load runs: let DuckDB finish before the caller closes it.
    await ingest?.settle();
    await loader?.close?.().catch(() => {});
    // Leaving the group without a commit: whatever was not committed is read again next time.
    await consumer?.disconnect().catch(() => {});
    await publisher?.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

/** One record type's part of a buffer, validated. */
interface PreparedLoad {
  type: RecordType;
  slices: readonly MessageSlice[];
  prepared: PreparedBatch;
}

interface OffsetMark {
  topic: string;
  partition: number;
  /** The next offset to read: the last offset taken + 1. */
  next: bigint;
}

/** Messages taken from Kafka and not loaded yet. */
class PendingMessages {
  /** Per record type, the messages as kafkajs handed them over, one partition's run at a time. */
  readonly slices = new Map<RecordType, MessageSlice[]>();
  /** With a loader that takes them at once (`start`): per record type, where they were written instead. */
  readonly writers = new Map<RecordType, MessageBatchWriter>();
  /** How far this buffer reaches in each partition. */
  readonly offsets = new Map<string, OffsetMark>();
  count = 0;
  bytes = 0;
  firstAt = 0;

  constructor(private readonly start?: (type: RecordType) => MessageBatchWriter) {}

  add(type: RecordType, slice: MessageSlice, bytes: number): void {
    if (slice.messages.length === 0) return;
    if (this.start) {
      let writer = this.writers.get(type);
      if (!writer) {
        writer = this.start(type);
        this.writers.set(type, writer);
      }
      writer.add(slice);
    } else {
      let slices = this.slices.get(type);
      if (!slices) {
        slices = [];
        this.slices.set(type, slices);
      }
      slices.push(slice);
    }
    if (this.count === 0) this.firstAt = Date.now();
    this.count += slice.messages.length;
    this.bytes += bytes;
  }

  reach(mark: OffsetMark): void {
    const key = partitionKey(mark.topic, mark.partition);
    const current = this.offsets.get(key);
    if (!current || mark.next > current.next) this.offsets.set(key, mark);
  }
}

/** The state of one `ingestTopics` call while its consumer runs. */
class IngestRun {
  readonly finished: Promise<IngestStop>;
  private resolveFinished!: (stop: IngestStop) => void;
  private rejectFinished!: (error: unknown) => void;
  private state: 'running' | 'stopping' | 'failed' = 'running';

  private consumer: Consumer | null = null;
  private publisher: DeadLetterPublisher | null = null;
  private admin: Admin | null = null;
  private buffer: PendingMessages;
  private inFlight: Promise<void> = Promise.resolve();
  /** Loads running or queued. */
  private pendingLoads = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort: () => void;

  private readonly follow: boolean;
  private readonly batchSize: number;
  private readonly maxBatchBytes: number;
  private readonly lingerMs: number;
  private readonly progressIntervalMs: number;
  private lastProgress = 0;

  private readonly typeOfTopic = new Map<string, RecordType>();
  /** End offsets at start (not used when following). */
  private readonly ends = new Map<string, bigint>();
  /** The group's committed offsets as far as this run knows (start positions at first). */
  private readonly committed = new Map<string, bigint>();
  /** Loaded into DuckDB, offset not committed yet. */
  private readonly loaded = new Map<string, OffsetMark>();
  /** Per partition, the offset after the last message taken into a buffer. */
  private readonly taken = new Map<string, bigint>();
  /** Partitions whose end offset has been taken into a buffer (default mode). */
  private readonly reached = new Set<string>();
  private assignment: Set<string> | null = null;

  private readonly load: LoadSummary;
  private readonly read: Record<RecordType, number>;
  private readonly expected: number | null;
  private loadedMessages = 0;
  private transactions = 0;
  private deadLettersPublished = 0;
  private redeliveredDeadLetters = 0;
  private lastCommitWarning = '';

  constructor(
    private readonly db: Database,
    private readonly loader: BatchLoader,
    private readonly settings: KafkaSettings,
    private readonly options: IngestOptions,
    positions: readonly PartitionPosition[],
    types: readonly RecordType[],
    private readonly missingTopics: string[],
    private readonly started: number,
    private readonly warn: (line: string) => void,
  ) {
    this.finished = new Promise<IngestStop>((resolve, reject) => {
      this.resolveFinished = resolve;
      this.rejectFinished = reject;
    });
    this.finished.catch(() => {}); // awaited by ingestTopics; this only keeps an early failure from counting as unhandled
    this.follow = options.follow ?? false;
    const fastPath = loader.startMessages !== undefined;
    this.buffer = this.newBuffer();
    this.batchSize = options.batchSize ?? (fastPath ? 500_000 : 50_000);
    this.maxBatchBytes = options.maxBatchBytes ?? (fastPath ? 512 : 64) * 1024 * 1024;
    this.lingerMs = options.lingerMs ?? 1_000;
    this.progressIntervalMs = options.progressIntervalMs ?? 1_000;
    for (const type of types) this.typeOfTopic.set(settings.topics[type], type);
    for (const p of positions) {
      const key = partitionKey(p.topic, p.partition);
      this.ends.set(key, p.end);
      this.committed.set(key, p.start);
    }
    this.expected = this.follow ? null : positions.reduce((sum, p) => sum + Number(p.end > p.start ? p.end - p.start : 0n), 0);
    this.load = Object.fromEntries(
      recordTypeNames.map((type) => [type, { ...emptyOutcome(), file: settings.topics[type] }]),
    ) as LoadSummary;
    this.read = Object.fromEntries(recordTypeNames.map((type) => [type, 0])) as Record<RecordType, number>;
    this.timer = setInterval(() => this.tick(), 100);
    this.onAbort = () => this.stop();
    if (options.signal?.aborted) queueMicrotask(this.onAbort);
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  attach(consumer: Consumer, publisher: DeadLetterPublisher, admin: Admin): void {
    this.consumer = consumer;
    this.publisher = publisher;
    this.admin = admin;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assignment = new Set(
        Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((p) => partitionKey(topic, p))),
      );
      // Offsets loaded for partitions another member now owns are left to it: committing them
      // could move its progress back (harmless, but pointless).
      for (const key of this.loaded.keys()) if (!this.assignment.has(key)) this.loaded.delete(key);
      if (!this.follow) void this.refreshCommitted().then(() => this.checkDone());
    });
    consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) => {
      for (const { topic, partitions } of payload.topics) {
        for (const { partition, offset } of partitions) this.committed.set(partitionKey(topic, Number(partition)), BigInt(String(offset)));
      }
    });
    // A batch made only of control records (transactions) or compacted-away messages never
    // reaches eachBatch; its offsets still count towards the end.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.batchSize === 0 && this.state === 'running') this.takeUpTo(payload.topic, payload.partition, BigInt(payload.lastOffset) + 1n);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      const message = `the Kafka consumer failed: ${payload.error.message}`;
      if (this.follow && payload.restart) {
        this.warn(`${message}; kafkajs restarts it (nothing is lost: uncommitted messages are read again)`);
        return;
      }
      this.fail(new IngestError('consumer_crashed', `${message}. Nothing is lost: the next run resumes from the last committed offsets.`, { cause: payload.error }));
    });
  }

  /** kafkajs' eachBatch: one partition's messages, taken into the buffer; loads when the buffer is full. */
  async onBatch({ batch, heartbeat, pause }: EachBatchPayload): Promise<void> {
    // After a stop, messages are left untaken; their offsets are never committed.
    if (this.state !== 'running') return;
    const key = partitionKey(batch.topic, batch.partition);
    const type = this.typeOfTopic.get(batch.topic);
    if (!type) return;
    const end = this.follow ? null : (this.ends.get(key) ?? 0n);
    const takenUpTo = this.taken.get(key) ?? -1n;
    const buffer = this.buffer;
    const messages = messagesToTake(batch.messages, takenUpTo, end);
    let bytes = 0;
    for (const message of messages) bytes += message.value === null ? 0 : message.value.length;
    try {
      buffer.add(type, { topic: batch.topic, partition: batch.partition, messages }, bytes);
    } catch (error) {
      // Writing the messages for the loader failed (a full disk): nothing of them is committed.
      this.fail(new IngestError('load_failed', `taking ${messages.length} ${type} messages for ${this.db.path} failed: ${(error as Error).message}`, { cause: error }));
      return;
    }
    const count = messages.length;
    this.read[type] += count;
    this.takeUpTo(batch.topic, batch.partition, BigInt(batch.lastOffset()) + 1n);
    if (end !== null && this.reached.has(key)) pause();
    if (buffer.count >= this.batchSize || buffer.bytes >= this.maxBatchBytes || this.allReached()) {
      await whileHeartbeating(this.startFlush(), heartbeat);
    }
  }

  summary(stoppedBy: IngestStop): IngestSummary {
    return {
      load: this.load,
      messages: recordTypeNames.reduce((sum, type) => sum + this.load[type].read, 0),
      missingTopics: this.missingTopics,
      deadLetterTopic: this.settings.deadLetterTopic,
      deadLettersPublished: this.deadLettersPublished,
      redeliveredDeadLetters: this.redeliveredDeadLetters,
      transactions: this.transactions,
      stoppedBy,
      committed: Object.fromEntries([...this.committed].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([k, v]) => [k, String(v)])),
      elapsedMs: Date.now() - this.started,
    };
  }

  close(): void {
    clearInterval(this.timer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
  }

  private takeUpTo(topic: string, partition: number, next: bigint): void {
    const key = partitionKey(topic, partition);
    const end = this.follow ? null : (this.ends.get(key) ?? 0n);
    const upTo = end !== null && next > end ? end : next;
    if (upTo > (this.taken.get(key) ?? -1n)) this.taken.set(key, upTo);
    this.buffer.reach({ topic, partition, next: upTo });
    if (end !== null && upTo >= end) this.reached.add(key);
  }

  /** Default mode: every partition this member owns has its end in a buffer (or committed). */
  private allReached(): boolean {
    if (this.follow || !this.assignment) return false;
    for (const key of this.assignment) {
      if (!this.reached.has(key) && (this.committed.get(key) ?? -1n) < (this.ends.get(key) ?? 0n)) return false;
    }
    return true;
  }

  private checkDone(): void {
    if (this.follow || this.state !== 'running' || !this.assignment) return;
    for (const key of this.assignment) {
      if ((this.committed.get(key) ?? -1n) < (this.ends.get(key) ?? 0n)) return;
    }
    this.state = 'stopping';
    this.resolveFinished('end');
  }

  /** Another member may have committed partitions this member now owns. */
  private async refreshCommitted(): Promise<void> {
    if (!this.admin || !this.assignment) return;
    try {
      const topics = [...new Set([...this.assignment].map((key) => key.slice(0, key.lastIndexOf('/'))))];
      for (const { topic, partitions } of await retryRetriable(() => this.admin!.fetchOffsets({ groupId: this.settings.groupId, topics }))) {
        for (const { partition, offset } of partitions) {
          const key = partitionKey(topic, partition);
          const value = BigInt(offset);
          if (value > (this.committed.get(key) ?? -1n)) this.committed.set(key, value);
          // Partitions with nothing left are not fetched: messages published after the start wait for the next run.
          if (value >= (this.ends.get(key) ?? 0n)) this.consumer?.pause([{ topic, partitions: [partition] }]);
        }
      }
    } catch (error) {
      this.warn(`could not read the group's offsets: ${(error as Error).message}`);
    }
  }

  private tick(): void {
    const now = Date.now();
    if (this.pendingLoads === 0 && this.state !== 'failed') {
      const lingered = this.buffer.count > 0 && now - this.buffer.firstAt >= this.lingerMs;
      const idleOffsets = this.buffer.count === 0 && (this.buffer.offsets.size > 0 || this.loaded.size > 0);
      // The last partition's end can come as a batch of control records only (no eachBatch call).
      const ending = this.buffer.count > 0 && this.allReached();
      if (lingered || idleOffsets || ending) void this.startFlush();
    }
    if (this.options.onProgress && now - this.lastProgress >= this.progressIntervalMs) {
      this.lastProgress = now;
      this.options.onProgress({ elapsedMs: now - this.started, read: { ...this.read }, loaded: this.loadedMessages, expected: this.expected });
    }
  }

  private stop(): void {
    if (this.state !== 'running') return;
    this.state = 'stopping';
    try {
      this.consumer?.pause([...this.typeOfTopic.keys()].map((topic) => ({ topic })));
    } catch {
      // Not running yet (kafkajs refuses to pause before run): nothing to hold back.
    }
    void this.startFlush()
      .then(() => this.settle())
      .then(() => {
        if (this.state !== 'failed') this.resolveFinished('signal');
      });
  }

  private fail(error: unknown): void {
    if (this.state === 'failed') return;
    this.state = 'failed';
    this.rejectFinished(error);
  }

  /** Resolves once no load is running or queued (never rejects). */
  async settle(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.inFlight;
      await current;
    } while (current !== this.inFlight);
  }

  /**
   * Hands the buffer to a load queued behind the one in flight and validates it at once, on this
   * thread, while DuckDB merges the previous load on its own. Resolves when the previous load is
   * done: a caller that waits (a full buffer) holds back the fetching, so at most one load runs,
   * one waits and one buffer fills.
   */
  private async startFlush(): Promise<void> {
    const previous = this.inFlight;
    const buffer = this.buffer;
    if (this.state === 'failed' || (buffer.count === 0 && buffer.offsets.size === 0 && this.loaded.size === 0)) {
      await previous;
      return;
    }
    this.buffer = this.newBuffer();
    this.pendingLoads += 1;
    let batches: PreparedLoad[] = [];
    let prepareError: unknown = null;
    try {
      batches = this.prepare(buffer);
    } catch (error) {
      prepareError = error;
    }
    this.inFlight = previous
      .then(() => {
        if (prepareError) throw prepareError;
        return this.state === 'failed' ? undefined : this.flush(buffer, batches);
      })
      .then(
        () => {
          this.pendingLoads -= 1;
        },
        (error: unknown) => {
          this.pendingLoads -= 1;
          this.fail(error);
        },
      );
    await previous;
  }

  private newBuffer(): PendingMessages {
    return new PendingMessages(this.loader.startMessages?.bind(this.loader));
  }

  /** Validates a buffer type by type, in the contract's order (persons … contracts). */
  private prepare(buffer: PendingMessages): PreparedLoad[] {
    const batches: PreparedLoad[] = [];
    for (const type of recordTypeNames) {
      const writer = buffer.writers.get(type);
      const slices = buffer.slices.get(type);
      if (writer) batches.push({ type, slices: [], prepared: writer.finish() });
      else if (slices && slices.length > 0) batches.push({ type, slices, prepared: this.loader.prepare(type, incomingRecords(slices)) });
    }
    return batches;
  }

  /** Loads the validated batches (one DuckDB transaction each), then commits the offsets of everything loaded. */
  private async flush(buffer: PendingMessages, batches: readonly PreparedLoad[]): Promise<void> {
    for (const { type, slices, prepared } of batches) {
      try {
        await this.loader.settle?.(prepared);
        const redelivered = await this.dropRedeliveredDeadLetters(prepared);
        const letters = deadLettersOf(prepared, this.loader.deadLetterMessages?.(prepared) ?? messagesBySource(slices));
        // Before the DuckDB commit: a dead letter in the table is then always in the topic too,
        // so a redelivery (found in the table above) is not sent twice.
        if (letters.length > 0 && this.publisher) {
          await this.publisher.send(letters);
          this.deadLettersPublished += letters.length;
        }
        const outcome = await this.loader.commit(prepared);
        outcome.deadLettered += redelivered;
        this.redeliveredDeadLetters += redelivered;
        addOutcome(this.load[type], outcome);
      } catch (error) {
        if (error instanceof IngestError) throw error;
        throw new IngestError('load_failed', `loading ${prepared.read} ${type} messages into ${this.db.path} failed: ${(error as Error).message}`, { cause: error });
      }
      this.transactions += 1;
      this.loadedMessages += prepared.read;
    }
    for (const [key, mark] of buffer.offsets) {
      const current = this.loaded.get(key);
      if ((!current || mark.next > current.next) && mark.next > (this.committed.get(key) ?? -1n)) this.loaded.set(key, mark);
    }
    await this.commitLoaded();
    this.checkDone();
  }

  /**
   * Commits the offsets of what DuckDB holds. A failure (broker gone, group rebalancing) only
   * delays the commit to the next load or tick; until then a crash means a harmless re-read.
   */
  private async commitLoaded(): Promise<void> {
    if (!this.consumer || this.loaded.size === 0) return;
    // Partitions another member owns now are its to commit (see GROUP_JOIN).
    if (this.assignment) for (const key of this.loaded.keys()) if (!this.assignment.has(key)) this.loaded.delete(key);
    const marks = [...this.loaded.values()];
    if (marks.length === 0) return;
    try {
      await this.consumer.commitOffsets(marks.map((m) => ({ topic: m.topic, partition: m.partition, offset: m.next.toString() })));
    } catch (error) {
      const message = `offsets not committed yet (${(error as Error).message}); retrying. Nothing is lost: at worst messages are read again.`;
      if (message !== this.lastCommitWarning) this.warn(message);
      this.lastCommitWarning = message;
      return;
    }
    // The COMMIT_OFFSETS event has updated `committed` if the commit really went out (kafkajs
    // skips it silently while its consumer restarts).
    for (const [key, mark] of this.loaded) if ((this.committed.get(key) ?? -1n) >= mark.next) this.loaded.delete(key);
  }

  /**
   * Drops the dead letters the table already holds for the same message (same topic/partition/
   * offset, reason and bytes) from a prepared batch and returns how many: a redelivered good
   * record changes nothing by the upsert rule; a redelivered bad one must not either.
   */
  private async dropRedeliveredDeadLetters(prepared: PreparedBatch): Promise<number> {
    const [sources, , codes, , raws] = prepared.deadLetters as [string[], unknown, string[], unknown, (string | null)[]];
    if (!sources || sources.length === 0) return 0;
    const stored = await this.db.query<{ source: string; reason_code: string; raw: string | null }>(
      'select source, reason_code, raw from dead_letters where list_contains($sources, source)',
      { sources: [...new Set(sources)] },
    );
    if (stored.length === 0) return 0;
    const identity = (source: string, code: string, raw: string | null | undefined) => `${source}\u0000${code}\u0000${raw ?? '\u0001'}`;
    const seen = new Set(stored.map((row) => identity(row.source, row.reason_code, row.raw)));
    const keep = sources.map((source, i) => !seen.has(identity(source, codes[i]!, raws![i])));
    const dropped = keep.filter((k) => !k).length;
    if (dropped > 0) prepared.deadLetters = prepared.deadLetters.map((column) => column.filter((_, i) => keep[i]));
    return dropped;
  }
}

/** The prepared batch's dead letters with the message bytes they came from. */
function deadLettersOf(prepared: PreparedBatch, messageOf: ReadonlyMap<string, { key: Buffer | null; value: Buffer | null }>): DeadLetter[] {
  const [sources, , codes, reasons] = prepared.deadLetters as [string[], unknown, DeadLetterCode[], string[]];
  if (!sources || sources.length === 0) return [];
  return sources.map((source, i) => {
    const message = messageOf.get(source);
    return { type: prepared.type, source, code: codes[i]!, reason: reasons[i]!, key: message?.key ?? null, value: message?.value ?? null };
  });
}

/** The messages of `slices` by `topic/partition/offset`. */
function messagesBySource(slices: readonly MessageSlice[]): Map<string, MessageSlice['messages'][number]> {
  const messageOf = new Map<string, MessageSlice['messages'][number]>();
  for (const { topic, partition, messages } of slices) for (const message of messages) messageOf.set(`${topic}/${partition}/${message.offset}`, message);
  return messageOf;
}

/**
 * The loader of `bidwatch ingest`: the SQL step of the file loader, fed straight from the
 * fetched messages (SqlBatchLoader.prepareMessages; docs/scale.md, Kafka). BIDWATCH_LOADER=js
 * brings back the JavaScript loader (RecordLoader: JSON.parse and zod per message).
 */
function defaultLoader(db: Database): Promise<BatchLoader> {
  return process.env.BIDWATCH_LOADER === 'js' ? RecordLoader.create(db) : SqlBatchLoader.create(db);
}

/** The messages as RecordLoader takes them: bytes, `topic/partition/offset`, the key as text. */
function incomingRecords(slices: readonly MessageSlice[]): IncomingRecord[] {
  const items: IncomingRecord[] = [];
  for (const { topic, partition, messages } of slices) {
    const prefix = `${topic}/${partition}/`;
    for (const message of messages) items.push({ raw: message.value, key: message.key === null ? null : message.key.toString('utf8'), source: `${prefix}${message.offset}` });
  }
  return items;
}

/**
 * The messages of a fetched batch to take: from `takenUpTo` (offsets below sit in an earlier
 * buffer, loaded or loaded before any later commit: kafkajs fetches them again after a rebalance
 * or a restart from the last commit) up to `end` (the end offset seen at start; null when
 * following). Offsets rise within a batch, so only the ends are compared.
 */
function messagesToTake(messages: KafkaMessage[], takenUpTo: bigint, end: bigint | null): KafkaMessage[] {
  if (messages.length === 0) return messages;
  const inRange = (message: KafkaMessage) => {
    const offset = BigInt(message.offset);
    return offset >= takenUpTo && (end === null || offset < end);
  };
  if (inRange(messages[0]!) && inRange(messages[messages.length - 1]!)) return messages;
  return messages.filter(inRange);
}

/**
 * Awaits `work` while keeping the group membership alive: kafkajs sends heartbeats only between
 * batches, and a long DuckDB merge must not look like a dead consumer.
 */
async function whileHeartbeating(work: Promise<void>, heartbeat: () => Promise<void>): Promise<void> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  while (!settled) {
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    // A rebalance shows here as an error; kafkajs rejoins after the batch returns.
    if (!settled) await heartbeat().catch(() => {});
  }
  await done;
}
