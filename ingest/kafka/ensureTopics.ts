import type { Admin } from 'kafkajs';
import { retryRetriable } from './retryRetriable.ts';

export interface EnsureTopicsOptions {
  /** Partitions of a topic that has to be created (existing topics are left alone). Default 3. */
  partitions?: number;
  /** Default 1 (the local broker); a production cluster wants 3. */
  replicationFactor?: number;
  /** Topic configs for created topics, e.g. `{ 'max.message.bytes': '2097152' }`. */
  configs?: Record<string, string>;
}

/**
 * Creates the topics that do not exist yet and returns their names. Brokers run with
 * `auto.create.topics.enable=false` (and production clusters should), so bidwatch creates its
 * topics itself, with explicit partitions. A concurrent creation by another client is fine.
 *
 * @example
 * const created = await ensureTopics(admin, ['tender.bids', 'tender.awards'], { partitions: 3 });
 */
export async function ensureTopics(admin: Admin, topics: readonly string[], options: EnsureTopicsOptions = {}): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
  if (missing.length === 0) return [];
  const configEntries = Object.entries(options.configs ?? {}).map(([name, value]) => ({ name, value }));
  // kafkajs resolves false instead of failing when another client created a topic first, and
  // waits until every new partition has a leader, so producers can send right away.
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({
      topic,
      numPartitions: options.partitions ?? 3,
      replicationFactor: options.replicationFactor ?? 1,
      configEntries,
    })),
  });
  // A leader in the metadata is not yet a partition the broker serves: a produce right after the
  // creation could get NOT_LEADER_OR_FOLLOWER and its retry OUT_OF_ORDER_SEQUENCE_NUMBER from an
  // idempotent producer (KAFKA-15591). Listing offsets asks each partition's leader itself, and is
  // tried again while it answers NOT_LEADER_OR_FOLLOWER, so the first send finds the partitions ready.
  await Promise.all(missing.map((topic) => retryRetriable(() => admin.fetchTopicOffsets(topic))));
  return missing;
}
