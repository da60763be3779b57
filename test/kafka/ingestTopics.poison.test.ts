import { Kafka, Partitioners, logLevel, type Message } from 'kafkajs';
import { describe, expect, inject, test } from 'vitest';
import { Database } from '../../db/Database.ts';
import { ensureTopics } from '../../ingest/kafka/ensureTopics.ts';
import { ingestTopics } from '../../ingest/kafka/ingestTopics.ts';
import { kafkaLogCreator } from '../../ingest/kafka/kafkaLogCreator.ts';
import type { KafkaSettings } from '../../ingest/kafka/kafkaSettings.ts';
import { recordTypeNames } from '../../db/recordSchemas.ts';
import { freshSettings, withAdmin } from './ingestSupport.ts';
import { readTopics } from './readTopics.ts';

const bootstrap = inject('kafkaBootstrap');

const bid = (id: string) =>
  JSON.stringify({ id, tender_id: 'T1', bidder_id: '91530100MA6K000001', price: 1_250_000, status: 'valid', updated_at: '2024-03-05T09:30:00+08:00' });
const tender = (id: string) =>
  JSON.stringify({ id, title: '昆明市政道路改造', buyer_id: '11530100015000001X', method: 'open', category: 'works', updated_at: '2024-03-01T09:00:00+08:00' });

const invalidUtf8 = Buffer.concat([Buffer.from('{"id":"B3","note":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
// Over the loader's 1,000,000-byte limit, under the topic's 1 MiB: the broker carries it, ingest rejects it.
const huge = Buffer.from(JSON.stringify({ id: 'B-HUGE', note: 'x'.repeat(1_020_000) }));

/** Bids partition 0, in this order; `code` = the dead-letter reason expected (null = accepted). */
const bidMessages: { message: Message; code: string | null }[] = [
  { message: { key: 'B1', value: bid('B1') }, code: null },
  { message: { key: 'X1', value: '{not json' }, code: 'bad_json' },
  { message: { key: 'B9', value: '{"id":"B9","tender_id":"T1"}' }, code: 'schema' },
  { message: { key: 'B-HUGE', value: huge }, code: 'too_large' },
  { message: { key: 'E1', value: Buffer.alloc(0) }, code: 'empty' },
  { message: { key: 'B1', value: null }, code: 'empty' }, // a tombstone
  { message: { key: 'B-OTHER', value: bid('B2') }, code: 'key_mismatch' },
  { message: { key: 'B3', value: invalidUtf8 }, code: 'bad_encoding' },
  { message: { key: null, value: '[1,2]' }, code: 'not_object' },
  { message: { key: 'B4', value: bid('B4') }, code: null },
];
const tenderMessages: { message: Message; code: string | null }[] = [
  { message: { key: 'T1', value: tender('T1') }, code: null },
  { message: { key: 'T2', value: '{"id":"T2","title":"缺少字段"}' }, code: 'schema' },
];

async function publishPoison(settings: KafkaSettings): Promise<void> {
  await withAdmin(bootstrap, (admin) => ensureTopics(admin, [settings.topics.bids, settings.topics.tenders], { partitions: 1 }));
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.WARN, logCreator: kafkaLogCreator() });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    // One send per message: the huge one must travel alone (a record batch over 1 MiB is refused whole).
    for (const { message } of bidMessages) await producer.send({ topic: settings.topics.bids, acks: -1, messages: [{ ...message, partition: 0 }] });
    await producer.send({ topic: settings.topics.tenders, acks: -1, messages: tenderMessages.map(({ message }) => ({ ...message, partition: 0 })) });
  } finally {
    await producer.disconnect();
  }
}

const asBuffer = (value: Message['value']) => (value === null || value === undefined ? null : Buffer.from(value));

describe('bidwatch ingest: poison messages', () => {
  test('every rejected message lands in the dead-letter table and topic with its reason; the consumer keeps going', async () => {
    const settings = freshSettings(bootstrap);
    await publishPoison(settings);
    const warnings: string[] = [];
    const db = await Database.open(':memory:');
    try {
      const summary = await ingestTopics(db, settings, { onWarning: (line) => warnings.push(line) });

      const rejectedBids = bidMessages.filter((m) => m.code !== null).length;
      expect(summary.load.bids).toMatchObject({ read: bidMessages.length, accepted: 2, inserted: 2, deadLettered: rejectedBids });
      expect(summary.load.tenders).toMatchObject({ read: 2, accepted: 1, inserted: 1, deadLettered: 1 });
      const consumed = bidMessages.length + tenderMessages.length;
      expect(summary.messages).toBe(consumed);
      const outcomes = recordTypeNames.map((type) => summary.load[type]);
      expect(outcomes.reduce((sum, o) => sum + o.accepted + o.deadLettered, 0)).toBe(consumed);
      expect(summary.deadLettersPublished).toBe(rejectedBids + 1);
      expect(summary.missingTopics).toEqual(recordTypeNames.filter((t) => t !== 'bids' && t !== 'tenders').map((t) => settings.topics[t]));
      expect(warnings.join('\n')).toContain(`no topic ${settings.topics.persons}`);

      // Accepted around the poison: B1 before it, B4 after it.
      expect(await db.query('select id from raw_bids order by id')).toEqual([{ id: 'B1' }, { id: 'B4' }]);
      expect(await db.query('select id from raw_tenders')).toEqual([{ id: 'T1' }]);

      const expected = [
        ...bidMessages.map((m, offset) => ({ source: `${settings.topics.bids}/0/${offset}`, record_type: 'bids', reason_code: m.code })),
        ...tenderMessages.map((m, offset) => ({ source: `${settings.topics.tenders}/0/${offset}`, record_type: 'tenders', reason_code: m.code })),
      ].filter((m) => m.reason_code !== null);
      const table = await db.query<{ source: string; record_type: string; reason_code: string }>(
        'select source, record_type, reason_code from dead_letters order by record_type, source',
      );
      const bySource = (a: { source?: string }, b: { source?: string }) => String(a.source).localeCompare(String(b.source), 'en', { numeric: true });
      expect(table.sort(bySource)).toEqual(expected.sort(bySource));
      const [bytes] = await db.query<{ hex: string }>(`select hex(raw_bytes) as hex from dead_letters where reason_code = 'bad_encoding'`);
      expect(bytes!.hex).toBe(invalidUtf8.toString('hex').toUpperCase());

      const topic = await readTopics(bootstrap, [settings.deadLetterTopic]);
      expect(topic.map((m) => ({ source: m.headers['bidwatch.source'], record_type: m.headers['bidwatch.record_type'], reason_code: m.headers['bidwatch.reason_code'] })).sort(bySource)).toEqual(
        expected.sort(bySource),
      );
      for (const m of topic) expect(m.headers['bidwatch.reason']).toMatch(/\S/);
      // The original bytes and key travel unchanged, the huge value and the invalid UTF-8 included.
      for (const [offset, { message, code }] of bidMessages.entries()) {
        if (code === null) continue;
        const letter = topic.find((m) => m.headers['bidwatch.source'] === `${settings.topics.bids}/0/${offset}`);
        expect(letter?.key, `offset ${offset}`).toBe(message.key === null ? null : String(message.key));
        const sent = asBuffer(message.value);
        if (sent === null) expect(letter?.value, 'tombstone').toBeNull();
        else expect(letter?.value?.equals(sent), `offset ${offset}`).toBe(true);
      }
    } finally {
      db.close();
    }
  });

  test('a redelivery of poison messages adds no dead letter to the table or the topic', async () => {
    const settings = freshSettings(bootstrap);
    await publishPoison(settings);
    const db = await Database.open(':memory:');
    try {
      const first = await ingestTopics(db, settings);
      const replay = await ingestTopics(db, { ...settings, groupId: `${settings.groupId}-replay` });

      expect(replay.load.bids).toMatchObject({ read: bidMessages.length, accepted: 2, inserted: 0, unchanged: 2, deadLettered: first.load.bids.deadLettered });
      expect(replay.redeliveredDeadLetters).toBe(first.deadLettersPublished);
      expect(replay.deadLettersPublished).toBe(0);
      expect(await db.query('select count(*)::integer as n from dead_letters')).toEqual([{ n: first.deadLettersPublished }]);
      expect((await readTopics(bootstrap, [settings.deadLetterTopic])).length).toBe(first.deadLettersPublished);
    } finally {
      db.close();
    }
  });
});
