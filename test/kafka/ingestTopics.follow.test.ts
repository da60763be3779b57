import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, test } from 'vitest';
import { Database } from '../../db/Database.ts';
import { publishDirectory } from '../../ingest/kafka/publishDirectory.ts';
import { KafkaBroker } from '../../dev-broker/KafkaBroker.ts';
import { freshSettings, kafkaFlags, startCli, waitUntilCaughtUp } from './ingestSupport.ts';

const bootstrap = inject('kafkaBootstrap');

const bid = (i: number, price: number, updatedAt: string) =>
  JSON.stringify({ id: `B${i}`, tender_id: 'T1', bidder_id: '91530100MA6K000001', price, status: 'valid', updated_at: updatedAt });

let dir: string;
let first: string;
let second: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bidwatch-ingest-follow-'));
  first = path.join(dir, 'first');
  second = path.join(dir, 'second');
  await mkdir(first);
  await mkdir(second);
  await writeFile(path.join(first, 'bids.jsonl'), Array.from({ length: 300 }, (_, i) => bid(i, 1_000, '2024-03-05T09:30:00+08:00')).join('\n'));
  // 300 new bids, and a newer version of B0 that must replace the first.
  await writeFile(
    path.join(second, 'bids.jsonl'),
    [...Array.from({ length: 300 }, (_, i) => bid(300 + i, 2_000, '2024-03-05T09:30:00+08:00')), bid(0, 999_999, '2024-03-06T10:00:00+08:00')].join('\n'),
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectAllBids(dbFile: string): Promise<void> {
  const db = await Database.open(dbFile, { readOnly: true });
  try {
    expect(await db.query('select count(*)::integer as n, count(distinct id)::integer as ids from raw_bids')).toEqual([{ n: 600, ids: 600 }]);
    expect(await db.query(`select price from raw_bids where id = 'B0'`)).toEqual([{ price: 999_999 }]);
  } finally {
    db.close();
  }
}

describe('bidwatch ingest --follow', () => {
  test('keeps consuming what is published while it runs; SIGTERM loads and commits, then exits 0', async () => {
    const settings = freshSettings(bootstrap);
    await publishDirectory(first, settings);
    const dbFile = path.join(dir, 'follow.duckdb');
    const run = startCli(['ingest', '--follow', '--db', dbFile, ...kafkaFlags(settings)]);
    try {
      await waitUntilCaughtUp(bootstrap, settings);
      await publishDirectory(second, settings);
      await waitUntilCaughtUp(bootstrap, settings);
    } finally {
      run.child.kill('SIGTERM');
    }
    const exit = await run.exited;

    expect(exit, run.stderr()).toEqual({ code: 0, signal: null });
    expect(run.stderr()).toContain('SIGTERM: loading and committing the messages in hand');
    expect(run.stdout()).toMatch(/bids +601 +601 +600 +1 +0 +0\n/);
    expect(run.stdout()).toContain('stopped by a signal');
    await expectAllBids(dbFile);
  });

  test('survives a broker crash and restart: reconnects, nothing lost', { timeout: 240_000 }, async () => {
    const broker = await KafkaBroker.start({ log: () => {} });
    try {
      const settings = freshSettings(broker.bootstrap);
      await publishDirectory(first, settings);
      const dbFile = path.join(dir, 'restart.duckdb');
      const run = startCli(['ingest', '--follow', '--db', dbFile, ...kafkaFlags(settings)]);
      try {
        await waitUntilCaughtUp(broker.bootstrap, settings);
        await broker.restart({ hard: true });
        await publishDirectory(second, settings);
        await waitUntilCaughtUp(broker.bootstrap, settings, 90_000);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- ingest's stderr ---\n${run.stderr()}`, { cause: error });
      } finally {
        run.child.kill('SIGTERM');
      }
      const exit = await run.exited;

      expect(exit, run.stderr()).toEqual({ code: 0, signal: null });
      await expectAllBids(dbFile);
    } finally {
      await broker.stop();
    }
  });
});
