import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { runScan } from '../../cli/runScan.ts';
import { generateProvince } from '../../demo/generateProvince.ts';
import { Database } from '../../db/Database.ts';
import { ingestTopics } from '../../ingest/kafka/ingestTopics.ts';
import { publishDirectory } from '../../ingest/kafka/publishDirectory.ts';
import { loadDirectory } from '../../ingest/loadDirectory.ts';
import { rawTableName } from '../../ingest/rawTableColumns.ts';
import { recordTypeNames, recordTypes } from '../../db/recordSchemas.ts';
import { freshSettings, rawCounts } from './ingestSupport.ts';

const bootstrap = inject('kafkaBootstrap');

let dir: string;
let counts: Record<string, number>;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bidwatch-ingest-eq-'));
  ({ counts } = await generateProvince({ outDir: dir, scale: 0.1 }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A raw table's rows without the columns that say where and when a row came in. */
async function rawRows(db: Database, type: (typeof recordTypeNames)[number]) {
  return db.query(`select * exclude (_source, _loaded_at) from ${rawTableName(type)} order by "${recordTypes[type].key}"`);
}

async function scanResults(db: Database) {
  await runScan({ db, input: null, out: null, runId: 'run-equivalence' });
  return {
    flags: await db.query<{ rule_id: string }>(
      'select rule_id, tender_id, company_ids, record_ids from flags order by rule_id, tender_id, company_ids::varchar, record_ids::varchar',
    ),
    leads: (await db.query<{ lead_id: string }>('select lead_id from leads order by lead_id')).map((row) => row.lead_id),
  };
}

/**
 * Versions of one id with the same updated_at and different content. The upsert keeps the first
 * one seen, and Kafka gives no order across partitions, so only data without such ties is sure
 * to give the same database both ways.
 */
async function sameTimeVersions(db: Database, file: string, key: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `with lines as (select json as j from read_json_objects($file, format = 'newline_delimited') as r(json)),

    ties as (
        select j->>$key as id, j->>'updated_at' as updated_at
        from lines
        group by all
        having count(distinct j::varchar) > 1
    )

    select count(*)::integer as n from ties`,
    { file, key },
  );
  return row!.n;
}

describe('bidwatch ingest', () => {
  test('the generator writes no two versions of a record with the same updated_at', async () => {
    const db = await Database.open(':memory:');
    try {
      for (const type of recordTypeNames) {
        expect(await sameTimeVersions(db, path.join(dir, `${type}.jsonl`), recordTypes[type].key), type).toBe(0);
      }
    } finally {
      db.close();
    }
  });

  test('publish → ingest builds the database the file path builds from the same files: raw tables, flags, leads', async () => {
    const settings = freshSettings(bootstrap);
    await publishDirectory(dir, settings);
    const viaKafka = await Database.open(':memory:');
    const viaFiles = await Database.open(':memory:');
    try {
      const summary = await ingestTopics(viaKafka, settings);
      const fileLoad = await loadDirectory(viaFiles, dir);

      const total = recordTypeNames.reduce((sum, type) => sum + (counts[type] ?? 0), 0);
      expect(summary).toMatchObject({ stoppedBy: 'end', messages: total, deadLettersPublished: 0, missingTopics: [] });
      for (const type of recordTypeNames) {
        expect({ type, ...summary.load[type], file: null }).toEqual({ type, ...fileLoad[type], file: null });
        expect(summary.load[type]).toMatchObject({ read: counts[type], inserted: counts[type], deadLettered: 0 });
      }
      expect(await rawCounts(viaKafka)).toEqual(await rawCounts(viaFiles));
      for (const type of recordTypeNames) {
        expect(await rawRows(viaKafka, type), type).toEqual(await rawRows(viaFiles, type));
      }
      // Kafka sources name the message, files the line.
      const [source] = await viaKafka.query<{ _source: string }>('select _source from raw_bids limit 1');
      expect(source!._source).toMatch(new RegExp(`^${settings.topicPrefix.replace('.', '\\.')}bids/\\d+/\\d+$`));

      const kafkaScan = await scanResults(viaKafka);
      const fileScan = await scanResults(viaFiles);
      expect(kafkaScan.flags.length).toBeGreaterThan(0);
      expect(kafkaScan.leads.length).toBeGreaterThan(0);
      expect(kafkaScan).toEqual(fileScan);
    } finally {
      viaKafka.close();
      viaFiles.close();
    }
  });

  test('a replay from the beginning (new group) changes nothing: every record unchanged', async () => {
    const settings = freshSettings(bootstrap);
    await publishDirectory(dir, settings);
    const db = await Database.open(':memory:');
    try {
      const first = await ingestTopics(db, settings);
      const before = await Promise.all(recordTypeNames.map((type) => rawRows(db, type)));
      const again = await ingestTopics(db, settings);
      expect(again.stoppedBy).toBe('nothing_new');
      expect(again.messages).toBe(0);

      const replay = await ingestTopics(db, { ...settings, groupId: `${settings.groupId}-replay` });

      expect(replay.messages).toBe(first.messages);
      for (const type of recordTypeNames) {
        expect(replay.load[type]).toMatchObject({ read: counts[type], accepted: counts[type], inserted: 0, updated: 0, unchanged: counts[type], deadLettered: 0 });
      }
      expect(await Promise.all(recordTypeNames.map((type) => rawRows(db, type)))).toEqual(before);
      expect(Object.values(await rawCounts(db)).every((c) => c.duplicateIds === 0)).toBe(true);
    } finally {
      db.close();
    }
  });
});
