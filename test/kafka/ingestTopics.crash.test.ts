import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { Database } from '../../db/Database.ts';
import { ingestTopics, type BatchLoader } from '../../ingest/kafka/ingestTopics.ts';
import { publishDirectory } from '../../ingest/kafka/publishDirectory.ts';
import { RecordLoader } from '../../ingest/RecordLoader.ts';
import { SqlBatchLoader } from '../../ingest/sql/SqlBatchLoader.ts';
import { committedOffsets, freshSettings, kafkaFlags, rawCounts, startCli, withAdmin } from './ingestSupport.ts';

const bootstrap = inject('kafkaBootstrap');

const bidCount = 20_000;
const tenderCount = 1_000;

let dir: string;
let dataDir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bidwatch-ingest-crash-'));
  dataDir = path.join(dir, 'records');
  await mkdir(dataDir);
  const bids = Array.from({ length: bidCount }, (_, i) =>
    JSON.stringify({ id: `B${i}`, tender_id: `T${i % tenderCount}`, bidder_id: `91530100MA6K${String(i % 997).padStart(6, '0')}`, price: 1_000_000 + i, status: 'valid', updated_at: '2024-03-05T09:30:00+08:00' }),
  );
  const tenders = Array.from({ length: tenderCount }, (_, i) =>
    JSON.stringify({ id: `T${i}`, title: `标段 ${i}`, buyer_id: '11530100015000001X', method: 'open', category: 'works', updated_at: '2024-03-01T09:00:00+08:00' }),
  );
  await writeFile(path.join(dataDir, 'bids.jsonl'), `${bids.join('\n')}\n`);
  await writeFile(path.join(dataDir, 'tenders.jsonl'), `${tenders.join('\n')}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sum = (values: Iterable<bigint>) => [...values].reduce((total, v) => total + (v > 0n ? v : 0n), 0n);

/** A loader whose fourth commit fails: the JavaScript loader, or the SQL loader with its fast path (the default). */
const failingOnFourth: Record<string, (commits: { n: number }) => (db: Database) => Promise<BatchLoader>> = {
  javascript: (commits) => async (d) => {
    const real = await RecordLoader.create(d);
    return {
      prepare: real.prepare.bind(real),
      commit: async (batch) => {
        commits.n += 1;
        if (commits.n === 4) throw new Error('injected: the disk is full');
        return real.commit(batch);
      },
    };
  },
  'sql fast path': (commits) => async (d) => {
    const real = await SqlBatchLoader.create(d);
    return {
      prepare: real.prepare.bind(real),
      startMessages: real.startMessages.bind(real),
      settle: real.settle.bind(real),
      deadLetterMessages: real.deadLetterMessages.bind(real),
      close: real.close.bind(real),
      commit: async (batch) => {
        commits.n += 1;
        if (commits.n === 4) throw new Error('injected: the disk is full');
        return real.commit(batch);
      },
    };
  },
};

describe('bidwatch ingest: crash safety', () => {
  test.each(Object.keys(failingOnFourth))('offsets are committed only for loaded batches: a database failure mid-run loses nothing, a rerun completes without duplicates (%s loader)', async (loader) => {
    const settings = freshSettings(bootstrap);
    await publishDirectory(dataDir, settings);
    const db = await Database.open(':memory:');
    try {
      const failOnFourth = failingOnFourth[loader]!({ n: 0 });

      await expect(ingestTopics(db, settings, { batchSize: 2_000, createLoader: failOnFourth })).rejects.toMatchObject({
        name: 'IngestError',
        code: 'load_failed',
        message: expect.stringContaining('injected: the disk is full'),
      });

      const committed = await committedOffsets(bootstrap, settings);
      const loaded = new Set(
        (await db.query<{ source: string }>('select _source as source from raw_bids union all select _source from raw_tenders')).map((r) => r.source),
      );
      // Everything below a committed offset is in the database.
      for (const [partition, offset] of committed) {
        for (let o = 0n; o < offset; o++) expect(loaded.has(`${partition}/${o}`), `${partition}/${o}`).toBe(true);
      }
      const done = sum(committed.values());
      expect(done).toBeGreaterThan(0n);
      expect(done).toBeLessThan(BigInt(bidCount + tenderCount));

      const rerun = await ingestTopics(db, settings, { batchSize: 2_000 });

      expect(rerun.stoppedBy).toBe('end');
      // It resumed from the commits: only what was not committed was read again.
      expect(BigInt(rerun.messages)).toBe(BigInt(bidCount + tenderCount) - done);
      expect(await rawCounts(db)).toMatchObject({ bids: { rows: bidCount, duplicateIds: 0 }, tenders: { rows: tenderCount, duplicateIds: 0 } });
    } finally {
      db.close();
    }
  });

  test('SIGKILL in the middle of a run, then a rerun: every record exactly once', async () => {
    const settings = freshSettings(bootstrap);
    await publishDirectory(dataDir, settings);
    const dbFile = path.join(dir, 'killed.duckdb');

    const killed = startCli(['ingest', '--db', dbFile, '--batch-size', '100', '--quiet', ...kafkaFlags(settings)]);
    // Kill it once it has committed something and before it is done.
    await withAdmin(bootstrap, async (admin) => {
      const deadline = Date.now() + 90_000;
      for (;;) {
        // The group coordinator may still be loading on a fresh broker: no answer counts as nothing committed.
        const offsets = await admin.fetchOffsets({ groupId: settings.groupId, topics: [settings.topics.bids, settings.topics.tenders] }).catch(() => []);
        const done = offsets.flatMap((t) => t.partitions).reduce((total, p) => total + Math.max(0, Number(p.offset)), 0);
        if (done > 0) break;
        if (Date.now() > deadline) throw new Error(`nothing committed in time; stderr: ${killed.stderr()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    killed.child.kill('SIGKILL');
    expect(await killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const committedAtKill = sum((await committedOffsets(bootstrap, settings)).values());
    expect(committedAtKill).toBeLessThan(BigInt(bidCount + tenderCount));

    const rerun = startCli(['ingest', '--db', dbFile, '--quiet', ...kafkaFlags(settings)]);
    const exit = await rerun.exited;
    expect(exit, rerun.stderr()).toEqual({ code: 0, signal: null });
    expect(rerun.stdout()).toContain('reached the end offsets seen at start');

    const db = await Database.open(dbFile);
    try {
      expect(await rawCounts(db)).toMatchObject({ bids: { rows: bidCount, duplicateIds: 0 }, tenders: { rows: tenderCount, duplicateIds: 0 } });
      expect(await db.query('select count(*)::integer as n from dead_letters')).toEqual([{ n: 0 }]);
    } finally {
      db.close();
    }
  });
});
