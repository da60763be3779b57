import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaLogCreator } from '../../ingest/kafka/kafkaLogCreator.ts';

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  /** Header values as UTF-8 text (bidwatch writes text headers). */
  headers: Record<string, string>;
}

/**
 * Every message in `topics`, read from the beginning by a fresh consumer group: first the end
 * offsets are taken, then messages are consumed until every partition reaches its end offset,
 * so the result is complete and exact (nothing published later sneaks in). Sorted by topic,
 * partition, offset.
 *
 * @example
 * const messages = await readTopics('127.0.0.1:9092', ['t1.bids']);
 */
export async function readTopics(bootstrap: string, topics: string[], timeoutMs = 60_000): Promise<ReadMessage[]> {
  const kafka = new Kafka({ clientId: 'bidwatch-test-reader', brokers: [bootstrap], logLevel: logLevel.WARN, logCreator: kafkaLogCreator() });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, bigint>(); // "topic/partition" -> end offset at the start
  const pending = new Set<string>(); // partitions whose end is not reached yet
  try {
    for (const topic of topics) {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        ends.set(`${topic}/${partition}`, BigInt(high));
        if (BigInt(high) > BigInt(low)) pending.add(`${topic}/${partition}`);
      }
    }
  } finally {
    await admin.disconnect();
  }
  const messages: ReadMessage[] = [];
  if (pending.size > 0) {
    const consumer = kafka.consumer({ groupId: `bidwatch-test-${randomUUID()}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`readTopics: timed out; still waiting for ${[...pending.keys()].join(', ')}`)), timeoutMs);
        consumer
          .run({
            eachMessage: async ({ topic, partition, message }) => {
              const id = `${topic}/${partition}`;
              const end = ends.get(id) ?? 0n;
              if (BigInt(message.offset) >= end) return;
              const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(Array.isArray(value) ? value.join(',') : value)]));
              messages.push({ topic, partition, offset: message.offset, key: message.key?.toString('utf8') ?? null, value: message.value, headers });
              if (BigInt(message.offset) + 1n >= end) pending.delete(id);
              if (pending.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
  }
  return messages.sort(
    (a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
  );
}
