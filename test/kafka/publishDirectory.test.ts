import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, inject, test } from 'vitest';
import { kafkaLogCreator } from '../../ingest/kafka/kafkaLogCreator.ts';
import { kafkaSettings } from '../../ingest/kafka/kafkaSettings.ts';
import { publishDirectory } from '../../ingest/kafka/publishDirectory.ts';
import { recordTypeNames } from '../../db/recordSchemas.ts';
import { readTopics } from './readTopics.ts';

const bootstrap = inject('kafkaBootstrap');

const bid = (id: string, updatedAt: string) =>
  JSON.stringify({ id, tender_id: 'T1', bidder_id: '91530100MA6K000001', price: 1_250_000, status: 'valid', updated_at: updatedAt });
const project = (code: string) =>
  JSON.stringify({ code, name: '滇中引水配套工程', owner_id: '11530000015123456X', investment_type: 'government', updated_at: '2024-01-02T08:00:00+08:00' });

/** A fresh topic prefix per test: tests share one broker and run in parallel. */
const freshPrefix = () => `t${randomUUID().slice(0, 8)}.`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bidwatch-publish-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('publishDirectory', () => {
  test('publishes every line as it is, keyed by id, to tender-style topics it creates', async () => {
    const invalidUtf8 = Buffer.concat([Buffer.from('{"id":"B4","name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    await writeFile(
      path.join(dir, 'bids.jsonl'),
      Buffer.concat([
        Buffer.from(`${bid('B1', '2024-03-05T09:30:00+08:00')}\n`),
        Buffer.from(`${bid('B2', '2024-03-05T09:31:00+08:00')}\r\n`),
        Buffer.from('\n'), // blank line: published empty, the consumer dead-letters it like the file loader
        Buffer.from('{not json\n'),
        Buffer.from('[1,2]\n'),
        Buffer.from('{"tender_id":"T1"}\n'),
        Buffer.from('{"id":"  B3  ","tender_id":"T1"}\n'),
        invalidUtf8,
        Buffer.from('\n'),
        Buffer.from(bid('B1', '2024-03-06T10:00:00+08:00')), // a newer B1, no final line break
      ]),
    );
    await writeFile(path.join(dir, 'projects.jsonl'), `${project('2023-532822-48-01-000123')}\n${project('2023-532822-48-01-000124')}\n`);
    await writeFile(path.join(dir, 'bid.jsonl'), `${bid('X1', '2024-03-05T09:30:00+08:00')}\n`);
    const prefix = freshPrefix();
    const settings = kafkaSettings({ brokers: bootstrap, 'topic-prefix': prefix }, {});

    const summary = await publishDirectory(dir, settings);

    expect({ ...summary, elapsedMs: 0 }).toEqual({
      messages: { persons: 0, companies: 0, projects: 2, approvals: 0, milestones: 0, tenders: 0, bids: 9, awards: 0, contracts: 0 },
      total: 11,
      bytes: summary.bytes,
      files: { projects: path.join(dir, 'projects.jsonl'), bids: path.join(dir, 'bids.jsonl') },
      ignoredFiles: ['bid.jsonl'],
      createdTopics: recordTypeNames.map((type) => `${prefix}${type}`),
      oversized: [],
      elapsedMs: 0,
    });

    const topics = recordTypeNames.map((type) => `${prefix}${type}`);
    const messages = await readTopics(bootstrap, topics);
    const comparable = messages
      .map(({ topic, key, value }) => ({ topic, key, value: value?.toString('utf8') ?? null }))
      .sort((a, b) => a.topic.localeCompare(b.topic) || String(a.key).localeCompare(String(b.key)) || String(a.value).localeCompare(String(b.value)));
    expect(comparable).toEqual(
      [
        { topic: `${prefix}bids`, key: 'B1', value: bid('B1', '2024-03-05T09:30:00+08:00') },
        { topic: `${prefix}bids`, key: 'B1', value: bid('B1', '2024-03-06T10:00:00+08:00') },
        { topic: `${prefix}bids`, key: 'B2', value: bid('B2', '2024-03-05T09:31:00+08:00') },
        { topic: `${prefix}bids`, key: 'B3', value: '{"id":"  B3  ","tender_id":"T1"}' },
        { topic: `${prefix}bids`, key: 'B4', value: invalidUtf8.toString('utf8') },
        { topic: `${prefix}bids`, key: null, value: '' },
        { topic: `${prefix}bids`, key: null, value: '[1,2]' },
        { topic: `${prefix}bids`, key: null, value: '{"tender_id":"T1"}' },
        { topic: `${prefix}bids`, key: null, value: '{not json' },
        { topic: `${prefix}projects`, key: '2023-532822-48-01-000123', value: project('2023-532822-48-01-000123') },
        { topic: `${prefix}projects`, key: '2023-532822-48-01-000124', value: project('2023-532822-48-01-000124') },
      ].sort((a, b) => a.topic.localeCompare(b.topic) || String(a.key).localeCompare(String(b.key)) || String(a.value).localeCompare(String(b.value))),
    );
    // Bytes travel unchanged, even when they are not UTF-8.
    expect(messages.find((m) => m.key === 'B4')?.value?.equals(invalidUtf8)).toBe(true);
    // Both versions of B1 share a partition, in file order, so the consumer sees the newer last.
    const b1 = messages.filter((m) => m.key === 'B1');
    expect(b1.map((m) => m.partition)).toEqual([b1[0]?.partition, b1[0]?.partition]);
    expect(b1.map((m) => JSON.parse(m.value?.toString('utf8') ?? '{}').updated_at)).toEqual([
      '2024-03-05T09:30:00+08:00',
      '2024-03-06T10:00:00+08:00',
    ]);

    const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.WARN, logCreator: kafkaLogCreator() }).admin();
    await admin.connect();
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      expect(metadata.map((t) => [t.name, t.partitions.length]).sort()).toEqual(topics.map((t) => [t, 3]).sort());
    } finally {
      await admin.disconnect();
    }
  });

  test('splits sends below the broker size limit and skips a line too large for the topic', async () => {
    // 600 records of 8 KB: in one send that is ~1.6 MB per partition, one record batch each, and
    // the broker rejects a batch over message.max.bytes (1 MiB) as a whole: sends must be cut by bytes.
    const padding = 'x'.repeat(8_000);
    const lines = Array.from({ length: 600 }, (_, i) => JSON.stringify({ id: `B${i}`, note: padding }));
    const nearLimit = JSON.stringify({ id: 'HUGE-OK', note: 'y'.repeat(1_040_000) }); // published: ingest dead-letters it as too_large
    const overLimit = JSON.stringify({ id: 'HUGE-NO', note: 'z'.repeat(1_100_000) }); // cannot be carried by the topic
    await writeFile(path.join(dir, 'bids.jsonl'), [...lines.slice(0, 100), overLimit, nearLimit, ...lines.slice(100)].join('\n'));
    const prefix = freshPrefix();

    const summary = await publishDirectory(dir, kafkaSettings({ brokers: bootstrap, 'topic-prefix': prefix }, {}));

    expect(summary.messages.bids).toBe(601);
    expect(summary.oversized).toEqual([{ type: 'bids', file: path.join(dir, 'bids.jsonl'), line: 101, bytes: Buffer.byteLength(overLimit) }]);
    const messages = await readTopics(bootstrap, [`${prefix}bids`]);
    expect(messages.map((m) => m.key).sort()).toEqual([...lines.map((_, i) => `B${i}`), 'HUGE-OK'].sort());
    expect(messages.find((m) => m.key === 'HUGE-OK')?.value?.length).toBe(Buffer.byteLength(nearLimit));
  });

  test('publishing again appends and creates no topic', async () => {
    await writeFile(path.join(dir, 'awards.jsonl'), '{"id":"A1"}\n{"id":"A2"}\n');
    const settings = kafkaSettings({ brokers: bootstrap, 'topic-prefix': freshPrefix() }, {});

    const first = await publishDirectory(dir, settings, { batchSize: 1 });
    const second = await publishDirectory(dir, settings);

    expect([first.createdTopics.length, second.createdTopics]).toEqual([9, []]);
    const messages = await readTopics(bootstrap, [settings.topics.awards]);
    expect(messages.map((m) => m.key).sort()).toEqual(['A1', 'A1', 'A2', 'A2']);
  });

  test('rejects a directory without record files', async () => {
    await writeFile(path.join(dir, 'notes.txt'), 'nothing here');
    await expect(publishDirectory(dir, kafkaSettings({ brokers: bootstrap }, {}))).rejects.toMatchObject({ code: 'no_record_files' });
    await expect(publishDirectory(path.join(dir, 'missing'), kafkaSettings({ brokers: bootstrap }, {}))).rejects.toMatchObject({
      code: 'not_a_directory',
    });
  });
});
