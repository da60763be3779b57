import { Partitioners, type Admin, type ConfigResourceTypes, type IHeaders, type Kafka, type Message, type Producer } from 'kafkajs';
import type { RecordType } from '../../db/recordSchemas.ts';
import type { DeadLetterCode } from '../validateRecord.ts';
import { ensureTopics } from './ensureTopics.ts';
import { IngestError } from './IngestError.ts';

/** One rejected message, as it goes to the dead-letter topic. */
export interface DeadLetter {
  type: RecordType;
  /** `topic/partition/offset` of the message that was rejected. */
  source: string;
  code: DeadLetterCode;
  reason: string;
  /** The message's key and value bytes as they arrived (value null = a tombstone). */
  key: Buffer | null;
  value: Buffer | null;
}

export interface DeadLetterPublisherOptions {
  topic: string;
  /** The record topics: the dead-letter topic is sized to carry the largest message they accept. */
  recordTopics: readonly string[];
  /** For a dead-letter topic that has to be created. Default -1: the broker's `default.replication.factor`. */
  replicationFactor?: number;
  /** Give up when a send is not acknowledged in time (the idempotent producer retries forever). Default 120 s. */
  sendTimeoutMs?: number;
  warn?: (line: string) => void;
}

/** The broker's default `message.max.bytes` (1 MiB + 12 bytes of log overhead). */
const brokerDefaultMaxMessageBytes = 1_048_588;
/**
 * Room for the headers on top of the largest record a record topic carries: the reason is cut
 * to 2,000 characters (the dead-letter table keeps it whole), the rest are short.
 */
const headerHeadroomBytes = 65_536;
/** Record batch header (61 bytes) and slack, reserved in every send. */
const batchOverheadBytes = 1_024;
/** Per record: varint lengths, offsets and timestamps deltas, attributes. */
const recordOverheadBytes = 64;
/**
 * kafkajs puts every message of one partition into one record batch and never splits it; the
 * broker rejects a batch over the topic's `max.message.bytes` as a whole. Sends stay below this
 * (as `bidwatch publish` does); a single larger dead letter goes alone.
 */
const sendCapBytes = 900_000;
/** ConfigResourceTypes.TOPIC: kafkajs' enum is not a named export Node's ESM loader can see. */
const topicResource = 2 as ConfigResourceTypes;
const maxReasonChars = 2_000;

/**
 * Publishes rejected messages to the dead-letter topic (default `<prefix>dead_letters`): value =
 * the original bytes, key = the original key, headers `bidwatch.reason_code`, `bidwatch.reason`,
 * `bidwatch.source` (topic/partition/offset) and `bidwatch.record_type`. The dead-letter table in
 * DuckDB holds the same rejects; the topic is for whoever fixes the producer.
 *
 * The topic is created with one partition and a `max.message.bytes` above that of every record
 * topic, so the largest message a record topic accepts fits with its headers. When an existing
 * topic is smaller, a dead letter that does not fit is cut and marked `bidwatch.truncated_from`.
 *
 * @example
 * const publisher = await DeadLetterPublisher.create(kafka, admin, { topic: 'tender.dead_letters', recordTopics });
 * await publisher.send([{ type: 'bids', source: 'tender.bids/0/17', code: 'bad_json', reason, key, value }]);
 */
export class DeadLetterPublisher {
  private constructor(
    private readonly producer: Producer,
    readonly topic: string,
    /** The dead-letter topic's `max.message.bytes`. */
    readonly maxMessageBytes: number,
    private readonly sendTimeoutMs: number,
  ) {}

  static async create(kafka: Kafka, admin: Admin, options: DeadLetterPublisherOptions): Promise<DeadLetterPublisher> {
    const warn = options.warn ?? (() => {});
    const largestRecord = Math.max(brokerDefaultMaxMessageBytes, ...(await maxMessageBytesOf(admin, options.recordTopics)).values());
    const wanted = largestRecord + headerHeadroomBytes;
    await ensureTopics(admin, [options.topic], {
      partitions: 1,
      replicationFactor: options.replicationFactor ?? -1,
      configs: { 'max.message.bytes': String(wanted) },
    });
    const actual = (await maxMessageBytesOf(admin, [options.topic])).get(options.topic) ?? wanted;
    if (actual < wanted) {
      warn(
        `dead-letter topic ${options.topic} has max.message.bytes=${actual}, below the ${wanted} needed for the largest record message: ` +
          `larger dead letters are cut in the topic (the dead_letters table keeps them whole)`,
      );
    }
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return new DeadLetterPublisher(producer, options.topic, actual, options.sendTimeoutMs ?? 120_000);
  }

  /** Sends the dead letters, in order, and resolves once the broker has acknowledged all of them (acks=all). */
  async send(letters: readonly DeadLetter[]): Promise<void> {
    let batch: Message[] = [];
    let batchBytes = 0;
    for (const letter of letters) {
      const message = this.toMessage(letter);
      const size = messageBytes(message);
      if (batch.length > 0 && batchBytes + size > Math.min(sendCapBytes, this.maxMessageBytes - batchOverheadBytes)) {
        await this.sendBatch(batch);
        batch = [];
        batchBytes = 0;
      }
      batch.push(message);
      batchBytes += size;
    }
    if (batch.length > 0) await this.sendBatch(batch);
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  private toMessage(letter: DeadLetter): Message {
    const headers: IHeaders = {
      'bidwatch.reason_code': letter.code,
      'bidwatch.reason': letter.reason.length > maxReasonChars ? `${letter.reason.slice(0, maxReasonChars)}…` : letter.reason,
      'bidwatch.source': letter.source,
      'bidwatch.record_type': letter.type,
    };
    const message: Message = { key: letter.key, value: letter.value, headers };
    const room = this.maxMessageBytes - batchOverheadBytes;
    const size = messageBytes(message);
    if (letter.value && size > room) {
      headers['bidwatch.truncated_from'] = String(letter.value.length);
      message.value = letter.value.subarray(0, Math.max(0, letter.value.length - (size - room) - 64));
    }
    return message;
  }

  private async sendBatch(messages: Message[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new IngestError(
              'dead_letter_send_failed',
              `no acknowledgement from Kafka for ${messages.length} dead letters to ${this.topic} within ${this.sendTimeoutMs / 1000} s (broker down or unreachable?)`,
            ),
          ),
        this.sendTimeoutMs,
      );
    });
    try {
      await Promise.race([this.producer.send({ topic: this.topic, messages, acks: -1, timeout: 30_000 }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function messageBytes(message: Message): number {
  let size = recordOverheadBytes + byteLength(message.key) + byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) size += Buffer.byteLength(name) + byteLength(value as string | Buffer | undefined) + 8;
  return size;
}

function byteLength(value: string | Buffer | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

/**
 * The `max.message.bytes` of each topic that has one. Reading configs needs DescribeConfigs on
 * the topic; a cluster that refuses it leaves the map empty and the broker default applies.
 */
async function maxMessageBytesOf(admin: Admin, topics: readonly string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (topics.length === 0) return sizes;
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({ type: topicResource, name, configNames: ['max.message.bytes'] })),
    });
    for (const resource of resources) {
      const entry = resource.configEntries.find((e) => e.configName === 'max.message.bytes');
      const value = Number(entry?.configValue);
      if (resource.errorCode === 0 && Number.isInteger(value) && value > 0) sizes.set(resource.resourceName, value);
    }
  } catch {
    // Not allowed or not supported: fall back to the broker default.
  }
  return sizes;
}
