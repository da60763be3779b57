import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { kafkaLogCreator } from '../../ingest/kafka/kafkaLogCreator.ts';
import { kafkaSettings, type KafkaSettings } from '../../ingest/kafka/kafkaSettings.ts';
import type { Database } from '../../db/Database.ts';
import { recordTypeNames, recordTypes } from '../../db/recordSchemas.ts';
import { rawTableName } from '../../ingest/rawTableColumns.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Settings of one test: its own topics and consumer group on the shared broker. */
export function freshSettings(bootstrap: string): KafkaSettings {
  const id = randomUUID().slice(0, 8);
  return kafkaSettings({ brokers: bootstrap, 'topic-prefix': `i${id}.`, group: `ingest-test-${id}` }, {});
}

/** Runs `work` with a connected admin client. */
export async function withAdmin<T>(bootstrap: string, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Kafka({ clientId: 'bidwatch-test-admin', brokers: [bootstrap], logLevel: logLevel.WARN, logCreator: kafkaLogCreator() }).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/** The group's committed offset per `topic/partition` (-1 = none), for the record topics that exist. */
export async function committedOffsets(bootstrap: string, settings: KafkaSettings): Promise<Map<string, bigint>> {
  return withAdmin(bootstrap, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const topics = recordTypeNames.map((type) => settings.topics[type]).filter((topic) => existing.has(topic));
    const offsets = new Map<string, bigint>();
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId: settings.groupId, topics })) {
      for (const { partition, offset } of partitions) offsets.set(`${topic}/${partition}`, BigInt(offset));
    }
    return offsets;
  });
}

/** The end offset per `topic/partition` of the record topics that exist. */
export async function endOffsets(bootstrap: string, settings: KafkaSettings): Promise<Map<string, bigint>> {
  return withAdmin(bootstrap, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const ends = new Map<string, bigint>();
    for (const type of recordTypeNames) {
      const topic = settings.topics[type];
      if (!existing.has(topic)) continue;
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${partition}`, BigInt(high));
    }
    return ends;
  });
}

/**
 * Waits until the group has committed every record partition's end offset. Errors from the
 * broker (just restarted, leaders not elected yet) count as "not yet".
 */
export async function waitUntilCaughtUp(bootstrap: string, settings: KafkaSettings, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer from the broker';
  for (;;) {
    try {
      const ends = await endOffsets(bootstrap, settings);
      const committed = await committedOffsets(bootstrap, settings);
      const behind = [...ends].filter(([key, end]) => end > 0n && (committed.get(key) ?? -1n) < end);
      if (behind.length === 0) return;
      last = behind.map(([key, end]) => `${key} at ${committed.get(key) ?? -1n} of ${end}`).join(', ');
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`group ${settings.groupId} did not catch up within ${timeoutMs} ms: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Row count per raw table, and how many ids occur more than once (must be 0). */
export async function rawCounts(db: Database): Promise<Record<string, { rows: number; duplicateIds: number }>> {
  const counts: Record<string, { rows: number; duplicateIds: number }> = {};
  for (const type of recordTypeNames) {
    const key = recordTypes[type].key;
    const [row] = await db.query<{ rows: number; ids: number }>(
      `select count(*)::integer as rows, count(distinct "${key}")::integer as ids from ${rawTableName(type)}`,
    );
    counts[type] = { rows: row!.rows, duplicateIds: row!.rows - row!.ids };
  }
  return counts;
}

export interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node bin/bidwatch.js <args>` as its own process (signals and kills are real). */
export function startCli(args: string[]): CliRun {
  const child = spawn(process.execPath, ['bin/bidwatch.js', ...args], { cwd: repoRoot, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** The flags that point `bidwatch ingest` at a test's topics and group. */
export function kafkaFlags(settings: KafkaSettings): string[] {
  return ['--brokers', settings.brokers.join(','), '--topic-prefix', settings.topicPrefix, '--group', settings.groupId];
}
