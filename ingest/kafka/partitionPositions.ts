import type { Admin } from 'kafkajs';
import { retryRetriable } from './retryRetriable.ts';

/** Where a consumer group stands in one partition, read before consuming. */
export interface PartitionPosition {
  topic: string;
  partition: number;
  /** The offset the group reads next: its committed offset, or the earliest one when it has none (or retention deleted it). */
  start: bigint;
  /** The high watermark when asked: the offset the next published message will get. */
  end: bigint;
}

/** `topic/partition`, the key of per-partition maps. */
export const partitionKey = (topic: string, partition: number): string => `${topic}/${partition}`;

/**
 * The group's next offset and the end offset of every partition of `topics`. A partition whose
 * start is at (or past) its end holds nothing new for the group, including a partition that
 * was empty.
 *
 * @example
 * const positions = await partitionPositions(admin, 'bidwatch-ingest', ['tender.bids']);
 * const pending = positions.filter((p) => p.start < p.end);
 */
export async function partitionPositions(admin: Admin, groupId: string, topics: readonly string[]): Promise<PartitionPosition[]> {
  const committed = new Map<string, bigint>();
  if (topics.length > 0) {
    for (const { topic, partitions } of await retryRetriable(() => admin.fetchOffsets({ groupId, topics: [...topics] }))) {
      for (const { partition, offset } of partitions) committed.set(partitionKey(topic, partition), BigInt(offset));
    }
  }
  const positions: PartitionPosition[] = [];
  for (const topic of topics) {
    for (const { partition, low, high } of await retryRetriable(() => admin.fetchTopicOffsets(topic))) {
      const earliest = BigInt(low);
      const next = committed.get(partitionKey(topic, partition)) ?? -1n;
      // -1 = no committed offset; below `low` = retention deleted what it pointed at. Both read
      // from the earliest offset, as the consumer (subscribed fromBeginning) will.
      positions.push({ topic, partition, start: next < earliest ? earliest : next, end: BigInt(high) });
    }
  }
  return positions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

