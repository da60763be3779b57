import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Kafka, Partitioners, type Message, type Producer } from 'kafkajs';
import { recordTypeNames, recordTypes, type RecordType } from '../../db/recordSchemas.ts';
import { ensureTopics } from './ensureTopics.ts';
import type { KafkaSettings } from './kafkaSettings.ts';
import { PublishError } from './PublishError.ts';
import { readLineBuffers } from '../readLineBuffers.ts';

/** The broker's default `message.max.bytes` (1 MiB + 12 bytes of log overhead). */
const brokerDefaultMaxMessageBytes = 1_048_588;
/** Record batch header (61 bytes) and one record's varint fields, with room to spare. */
const batchOverheadBytes = 128;

export interface PublishProgress {
  type: RecordType;
  topic: string;
  file: string;
  /** Messages of this file acknowledged so far. */
  messages: number;
  bytesRead: number;
  bytesTotal: number;
  done: boolean;
}

export interface PublishDirectoryOptions {
  /** Messages per `producer.send`, at most. Default 5,000. */
  batchSize?: number;
  /**
   * Bytes (keys + values) per `producer.send`, at most. kafkajs puts all messages of one
   * partition into one record batch and never splits it, and the broker rejects a batch larger
   * than `message.max.bytes` (1 MiB by default) as a whole, so a send is capped below that.
   * Default 900,000.
   */
  maxRequestBytes?: number;
  /**
   * The topic's `max.message.bytes`. A line that cannot fit in a batch of its own is not sent
   * and is listed in `oversized`. Default 1,048,588 (the broker default). When topics are
   * created and this is given, they are created with it.
   */
  maxMessageBytes?: number;
  /** For topics that have to be created. Default 3. */
  partitions?: number;
  /** For topics that have to be created. Default 1. */
  replicationFactor?: number;
  /** Give up when one send is not acknowledged in time (the idempotent producer retries forever). Default 120 s. */
  sendTimeoutMs?: number;
  onProgress?: (progress: PublishProgress) => void;
}

export interface OversizedLine {
  type: RecordType;
  file: string;
  line: number;
  bytes: number;
}

export interface PublishSummary {
  /** Messages published per record type (0 when the file is missing). */
  messages: Record<RecordType, number>;
  total: number;
  /** Value bytes published. */
  bytes: number;
  /** The `<type>.jsonl` files found. */
  files: Partial<Record<RecordType, string>>;
  /** `*.jsonl` files that are no record type, e.g. a misspelt `bid.jsonl`. */
  ignoredFiles: string[];
  createdTopics: string[];
  /** Lines too large for the topic: not published. */
  oversized: OversizedLine[];
  elapsedMs: number;
}

/**
 * Publishes a directory of `<type>.jsonl` files to the record topics, one message a line:
 * key = the record's `id` (`code` for projects) when the line is a JSON object with that field,
 * else null; value = the line's bytes exactly as in the file. Bad lines are published too: the
 * consumer dead-letters them, as the file loader does, so a replay of dirty data reproduces the
 * same dead letters. Missing topics are created (auto-creation is expected to be off).
 *
 * The producer is idempotent with acks=all, so broker retries never duplicate a message.
 *
 * @example
 * const summary = await publishDirectory('data/demo', kafkaSettings({ brokers: '127.0.0.1:9092' }));
 * console.log(summary.messages.bids);
 */
export async function publishDirectory(dir: string, settings: KafkaSettings, options: PublishDirectoryOptions = {}): Promise<PublishSummary> {
  const started = Date.now();
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new PublishError('not_a_directory', `not a directory: ${dir}`);
  }
  const files: Partial<Record<RecordType, string>> = {};
  for (const type of recordTypeNames) {
    const file = path.join(dir, `${type}.jsonl`);
    if (existsSync(file)) files[type] = file;
  }
  const ignoredFiles = (await readdir(dir))
    .filter((name) => name.endsWith('.jsonl') && !recordTypeNames.includes(name.slice(0, -'.jsonl'.length) as RecordType))
    .sort();
  if (Object.keys(files).length === 0) {
    throw new PublishError('no_record_files', `no record files in ${dir}: expected some of ${recordTypeNames.map((t) => `${t}.jsonl`).join(', ')}`);
  }

  const batchSize = options.batchSize ?? 5_000;
  const maxMessageBytes = options.maxMessageBytes ?? brokerDefaultMaxMessageBytes;
  const maxRequestBytes = Math.min(options.maxRequestBytes ?? 900_000, maxMessageBytes - batchOverheadBytes);
  const sendTimeoutMs = options.sendTimeoutMs ?? 120_000;

  const kafka = new Kafka(settings.kafkaConfig());
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // murmur2 like the Java client, so a key lands on the same partition whoever produced it.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const summary: PublishSummary = {
    messages: Object.fromEntries(recordTypeNames.map((type) => [type, 0])) as Record<RecordType, number>,
    total: 0,
    bytes: 0,
    files,
    ignoredFiles,
    createdTopics: [],
    oversized: [],
    elapsedMs: 0,
  };

  try {
    await admin.connect();
    // Every record topic, not only those with a file: `bidwatch ingest` subscribes to all of them.
    summary.createdTopics = await ensureTopics(admin, recordTypeNames.map((type) => settings.topics[type]), {
      partitions: options.partitions,
      replicationFactor: options.replicationFactor,
      configs: options.maxMessageBytes !== undefined ? { 'max.message.bytes': String(options.maxMessageBytes) } : undefined,
    });
    await producer.connect();

    for (const type of recordTypeNames) {
      const file = files[type];
      if (!file) continue;
      const topic = settings.topics[type];
      const keyField = recordTypes[type].key;
      const bytesTotal = statSync(file).size;
      let bytesRead = 0;
      let acknowledged = 0;
      let batch: Message[] = [];
      let batchBytes = 0;
      let inFlight: Promise<void> | null = null;

      const report = (done: boolean) =>
        options.onProgress?.({ type, topic, file, messages: acknowledged, bytesRead, bytesTotal, done });
      // Reading the next batch overlaps the previous send; sends themselves stay in order.
      const flush = async () => {
        if (inFlight) await inFlight;
        if (batch.length === 0) return;
        const messages = batch;
        const bytes = batchBytes;
        batch = [];
        batchBytes = 0;
        const sending = sendWithin(producer, topic, messages, sendTimeoutMs).then(() => {
          acknowledged += messages.length;
          summary.messages[type] += messages.length;
          summary.total += messages.length;
          summary.bytes += bytes;
          report(false);
        });
        sending.catch(() => {}); // awaited by the next flush; this only keeps it from counting as unhandled meanwhile
        inFlight = sending;
      };

      for await (const { line, bytes } of readLineBuffers(file)) {
        bytesRead += bytes.length + 1;
        const key = keyOf(bytes, keyField);
        const size = bytes.length + (key === null ? 0 : Buffer.byteLength(key));
        if (size > maxMessageBytes - batchOverheadBytes) {
          summary.oversized.push({ type, file, line, bytes: bytes.length });
          continue;
        }
        if (batch.length >= batchSize || (batch.length > 0 && batchBytes + size > maxRequestBytes)) await flush();
        batch.push({ key, value: bytes });
        batchBytes += size;
      }
      await flush();
      if (inFlight) await inFlight;
      bytesRead = bytesTotal;
      report(true);
    }
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
  summary.elapsedMs = Date.now() - started;
  return summary;
}

/**
 * The record's key when the line is a JSON object with a string key field. Trimmed, because the
 * contract schema trims ids and the consumer compares the message key with the parsed id.
 */
function keyOf(bytes: Buffer, field: string): string | null {
  if (bytes.length === 0) return null;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const id = (value as Record<string, unknown>)[field];
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : null;
}

async function sendWithin(producer: Producer, topic: string, messages: Message[], timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PublishError('send_timeout', `no acknowledgement from Kafka for ${messages.length} messages to ${topic} within ${timeoutMs / 1000} s (broker down or unreachable?)`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([producer.send({ topic, messages, acks: -1, timeout: 30_000 }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
