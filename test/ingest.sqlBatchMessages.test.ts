import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Database } from '../db/Database.ts';
import { recordTypeNames, recordTypes, type RecordType } from '../db/recordSchemas.ts';
import { generateProvince } from '../demo/generateProvince.ts';
import { rawTableColumns } from '../ingest/rawTableColumns.ts';
import { RecordLoader } from '../ingest/RecordLoader.ts';
import { SqlBatchLoader, type MessageBytes, type MessageSlice } from '../ingest/sql/SqlBatchLoader.ts';
import { SqlRecordLoader } from '../ingest/sql/SqlRecordLoader.ts';
import { corruptLines } from './support/corruptLines.ts';
import { fuzzRecordLines } from './support/fuzzRecordLines.ts';
import { withDatabase, withTempDir } from './support/withDatabase.ts';

/** JSON text with keys sorted, so two writers of the same value compare equal. */
function canonicalJson(text: unknown): unknown {
  if (text === null || text === undefined) return null;
  const sort = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(sort) : value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sort(v)])) : value;
  return JSON.stringify(sort(JSON.parse(String(text))));
}

async function snapshot(db: Database, type: RecordType) {
  const jsonColumns = [...rawTableColumns[type].filter((c) => c.kind === 'json').map((c) => c.name), '_extra'];
  const rows = await db.query<Record<string, unknown>>(`select * exclude (_loaded_at) from raw_${type} order by "${recordTypes[type].key}"`);
  const deadLetters = await db.query('select source, record_type, reason_code, reason, raw, raw_bytes from dead_letters order by source, reason_code');
  return { rows: rows.map((row) => ({ ...row, ...Object.fromEntries(jsonColumns.map((name) => [name, canonicalJson(row[name])])) })), deadLetters };
}

/** Bytes DuckDB's CSV reader must never take as one field, each in a message of its own. */
const awkwardValues = [
  Buffer.from('{"id":"x1",\n"title":"two lines"}'),
  Buffer.from('{"id":"x2","title":"a\u0001b"}'),
  Buffer.from('{"id":"x3","title":"cr"}\r'),
  Buffer.from('{"id":"x4","title":"nul\u0000"}'),
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"id":"x5"}')]),
  Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  Buffer.alloc(0),
  Buffer.from('   '),
];

/**
 * The lines of a fuzzed file as Kafka messages over three partitions: keyed by their id mostly,
 * some by another id, some by none or an empty key, a key that is not UTF-8, a tombstone now and
 * then, and the awkward values above in between.
 */
function messagesOf(lines: Buffer[], keyField: string): MessageSlice[] {
  const slices: MessageSlice[] = [0, 1, 2].map((partition) => ({ topic: 'tender.x', partition, messages: [] as MessageBytes[] }));
  const all = [...lines, ...awkwardValues];
  all.forEach((value, i) => {
    const id = new RegExp(`"${keyField}":"([^"\\\\]*)"`).exec(value.toString('utf8'))?.[1] ?? null;
    const key = i % 17 === 0 ? Buffer.from('other') : i % 23 === 0 ? null : i % 29 === 0 ? Buffer.alloc(0) : i % 31 === 0 ? Buffer.from([0xc3]) : id === null ? null : Buffer.from(id);
    const slice = slices[i % 3]!;
    (slice.messages as MessageBytes[]).push({ offset: String(1000 + slice.messages.length), key, value: i % 50 === 0 ? null : value });
  });
  return slices;
}

const sourceOf = (topic: string, partition: number, message: MessageBytes) => `${topic}/${partition}/${message.offset}`;

describe('SqlBatchLoader.prepareMessages (the Kafka fast path)', () => {
  it('loads fuzzed and hostile messages as RecordLoader loads the same messages: rows, dead letters with reasons, their bytes', async () => {
    await withTempDir(async (dir) => {
      await generateProvince({ outDir: join(dir, 'clean'), scale: 0.03, seed: 17 });
      fuzzRecordLines(join(dir, 'clean'), join(dir, 'fuzzed'), { share: 0.3, seed: 23 });
      corruptLines(join(dir, 'clean'), join(dir, 'hostile'), { share: 0.05, seed: 3 });
      let deadLettered = 0;
      for (const type of recordTypeNames) {
        const lines = ['fuzzed', 'hostile'].flatMap((name) =>
          readFileSync(join(dir, name, `${type}.jsonl`)).toString('latin1').split('\n').slice(0, -1).map((line) => Buffer.from(line, 'latin1')),
        );
        const slices = messagesOf(lines, recordTypes[type].key);
        const byteOf = new Map(slices.flatMap(({ topic, partition, messages }) => messages.map((m) => [sourceOf(topic, partition, m), m] as const)));
        const items = slices.flatMap(({ topic, partition, messages }) =>
          messages.map((m) => ({ raw: m.value, key: m.key === null ? null : m.key.toString('utf8'), source: sourceOf(topic, partition, m) })),
        );
        const viaJs = await withDatabase(async (db) => {
          const loader = await RecordLoader.create(db);
          const batch = loader.prepare(type, items);
          return { outcome: await loader.commit(batch), snapshot: await snapshot(db, type) };
        });
        const viaFile = await withDatabase(async (db) => {
          const loader = await SqlBatchLoader.create(db);
          const batch = loader.prepareMessages(type, slices);
          await loader.settle(batch);
          const letters = loader.deadLetterMessages(batch);
          const [sources] = batch.deadLetters as [string[]];
          return { outcome: await loader.commit(batch), snapshot: await snapshot(db, type), letters, sources };
        });
        expect(viaFile.outcome, type).toEqual(viaJs.outcome);
        expect(viaFile.snapshot.deadLetters, type).toEqual(viaJs.snapshot.deadLetters);
        expect(viaFile.snapshot.rows, type).toEqual(viaJs.snapshot.rows);
        // Each dead letter's key and value are the bytes of the message it came from.
        expect(viaFile.sources.length).toBe(viaJs.outcome.deadLettered);
        const sameBytes = (a: Buffer | null | undefined, b: Buffer | null) => (a === null || b === null ? a === b : a !== undefined && a.equals(b));
        const wrongBytes = viaFile.sources.filter((source) => {
          const message = byteOf.get(source)!;
          const letter = viaFile.letters.get(source);
          return !sameBytes(letter?.key, message.key) || !sameBytes(letter?.value, message.value);
        });
        expect(wrongBytes, type).toEqual([]);
        deadLettered += viaJs.outcome.deadLettered;
      }
      expect(deadLettered).toBeGreaterThan(500);
    });
  });

  it('reads the lines through the appender, with the same outcome, when DuckDB does not read the lines file back as written', async () => {
    await withTempDir(async (dir) => {
      await generateProvince({ outDir: dir, scale: 0.01, seed: 19 });
      const lines = readFileSync(join(dir, 'bids.jsonl'), 'utf8').split('\n').slice(0, -1).map((line) => Buffer.from(line));
      const slices = messagesOf(lines, 'id');
      const items = slices.flatMap(({ topic, partition, messages }) =>
        messages.map((m) => ({ raw: m.value, key: m.key === null ? null : m.key.toString('utf8'), source: sourceOf(topic, partition, m) })),
      );
      const viaJs = await withDatabase(async (db) => {
        const loader = await RecordLoader.create(db);
        return { outcome: await loader.commit(loader.prepare('bids', items)), snapshot: await snapshot(db, 'bids') };
      });
      const stage = SqlRecordLoader.prototype.stage;
      // The staging from the file loses its last line, as a misread file would.
      const spy = vi.spyOn(SqlRecordLoader.prototype, 'stage').mockImplementation(async function (this: SqlRecordLoader, type, javaScriptLines, from) {
        const lines = from?.lines;
        return stage.call(this, type, javaScriptLines, lines === undefined ? from : { ...from, lines: `(select * from ${lines} where seq < (select max(seq) from ${lines})) as shortened` });
      });
      try {
        const viaFallback = await withDatabase(async (db) => {
          const loader = await SqlBatchLoader.create(db);
          const batch = loader.prepareMessages('bids', slices);
          return { outcome: await loader.commit(batch), snapshot: await snapshot(db, 'bids') };
        });
        expect(spy.mock.calls.map((call) => call[2] === undefined)).toEqual([false, true]);
        expect(viaFallback).toEqual(viaJs);
        expect(viaJs.outcome.inserted).toBeGreaterThan(100);
      } finally {
        spy.mockRestore();
      }
    });
  });

  it('keeps the batch order for versions with the same updated_at, and leaves no file behind, nor one of a killed ingest', async () => {
    const spooled = (loader: SqlBatchLoader) => readdirSync(loader.spool).filter((name) => name.startsWith(`bidwatch-kafka-${process.pid}-`)).length;
    let left = -1;
    const bid = (price: number) => Buffer.from(JSON.stringify({ id: 'B1', tender_id: 'T1', bidder_id: 'C1', price, status: 'valid', updated_at: '2024-03-01T09:00:00+08:00' }));
    const rows = await withDatabase(async (db) => {
      // What an ingest killed mid-batch leaves (no process has this pid); the next loader removes it.
      const first = await SqlBatchLoader.create(db);
      const orphan = join(first.spool, `bidwatch-kafka-2147483646-${randomUUID()}.lines`);
      writeFileSync(orphan, 'x');
      const loader = await SqlBatchLoader.create(db);
      expect(existsSync(orphan)).toBe(false);
      const slices: MessageSlice[] = [
        { topic: 'tender.bids', partition: 0, messages: [{ offset: '7', key: Buffer.from('B1'), value: bid(300) }] },
        { topic: 'tender.bids', partition: 0, messages: [{ offset: '8', key: Buffer.from('B1'), value: bid(200) }] },
      ];
      const batch = loader.prepareMessages('bids', slices);
      // A batch prepared and never loaded, and one still being written (a stopped ingest): close() removes their files.
      loader.prepareMessages('bids', slices);
      loader.startMessages('bids').add(slices[0]!);
      await loader.commit(batch);
      expect(spooled(loader)).toBe(2);
      await loader.close();
      left = spooled(loader);
      return db.query('select id, price, _source from raw_bids');
    });
    expect(rows).toEqual([{ id: 'B1', price: 300, _source: 'tender.bids/0/7' }]);
    expect(left).toBe(0);
  });
});
