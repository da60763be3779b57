import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDirectory } from '../ingest/loadDirectory.ts';
import { withDatabase, withTempDir } from './support/withDatabase.ts';

const at = (day: number) => `2024-03-0${day}T09:00:00+08:00`;
const tender = (id: string, updatedAt: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, title: `标段${id}`, buyer_id: 'B1', method: 'open', category: 'works', updated_at: updatedAt, ...extra });
const bid = (id: string, tenderId: string, price: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, tender_id: tenderId, bidder_id: 'C1', price, status: 'valid', updated_at: at(1), ...extra });

describe('file ingest', () => {
  it('dead-letters every bad line with its source and reason, keeps going, and accounts for every line', async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'tenders.jsonl'), [tender('T1', at(1)), tender('T2', at(1))].join('\n') + '\n');
      writeFileSync(
        join(dir, 'bids.jsonl'),
        [
          bid('b1', 'T1', 100),
          '{"id": "b2", "tender_id": ',
          bid('b3', 'T1', '100'),
          JSON.stringify({ id: 'b4', tender_id: 'T1', price: 5, status: 'valid', updated_at: at(1) }),
          bid('b5', 'T1', -3),
          bid('b6', 'T-UNKNOWN', 100),
          '[1,2]',
          bid('b7', 'T2', 100.123),
        ].join('\n') + '\n',
      );
      writeFileSync(
        join(dir, 'contracts.jsonl'),
        JSON.stringify({ id: 'K1', buyer_id: 'B1', supplier_id: 'C1', title: 't', category: 'works', value: 1, signed_on: '2024-01-01', start_on: '2024-05-01', end_on: '2024-04-01', updated_at: at(1) }) + '\n',
      );
      await withDatabase(async (db) => {
        const summary = await loadDirectory(db, dir);
        expect(summary.bids).toMatchObject({ read: 8, accepted: 3, deadLettered: 5 });
        expect(summary.bids.read).toBe(summary.bids.accepted + summary.bids.deadLettered);
        expect(summary.contracts).toMatchObject({ read: 1, accepted: 0, deadLettered: 1 });
        const deadLetters = await db.query<{ source: string; reason_code: string; reason: string }>(
          'select source, reason_code, reason from dead_letters order by source',
        );
        expect(deadLetters.map((d) => [d.source, d.reason_code])).toEqual([
          ['bids.jsonl:2', 'bad_json'],
          ['bids.jsonl:3', 'schema'],
          ['bids.jsonl:4', 'schema'],
          ['bids.jsonl:5', 'schema'],
          ['bids.jsonl:7', 'not_object'],
          ['contracts.jsonl:1', 'schema'],
        ]);
        const reasons = Object.fromEntries(deadLetters.map((d) => [d.source, d.reason]));
        expect(reasons['bids.jsonl:3']).toContain('price: Invalid input: expected number, received string');
        expect(reasons['bids.jsonl:4']).toContain('bidder_id');
        expect(reasons['bids.jsonl:5']).toContain('money must not be negative');
        expect(reasons['contracts.jsonl:1']).toContain('end 2024-04-01 before start 2024-05-01');
        const [raw] = await db.query<{ raw: string }>("select raw from dead_letters where source = 'bids.jsonl:2'");
        expect(raw?.raw).toBe('{"id": "b2", "tender_id": ');
        // A bid for an unknown tender is valid under the contract (references resolve at analysis time):
        // it is accepted, and the models list it as a data gap instead of a hit. A price with a third
        // decimal (a unit price) is kept as sent.
        expect(await db.query('select id, price from raw_bids order by id')).toEqual([
          { id: 'b1', price: 100 },
          { id: 'b6', price: 100 },
          { id: 'b7', price: 100.123 },
        ]);
      });
    });
  });

  it('keeps unknown extra fields in the _extra JSON column', async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'tenders.jsonl'), tender('T1', at(1), { platform_ref: 'YN-778', lot_count: 2 }) + '\n');
      await withDatabase(async (db) => {
        await loadDirectory(db, dir);
        expect(await db.query('select id, _extra::varchar as extra from raw_tenders')).toEqual([
          { id: 'T1', extra: '{"platform_ref":"YN-778","lot_count":2}' },
        ]);
      });
    });
  });

  it('changes nothing when the same files load twice or an older version arrives later', async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'tenders.jsonl'), [tender('T1', at(2), { title: 'v2' }), tender('T2', at(1))].join('\n') + '\n');
      await withDatabase(async (db) => {
        const first = await loadDirectory(db, dir);
        expect(first.tenders).toMatchObject({ read: 2, inserted: 2, updated: 0, unchanged: 0 });
        const snapshot = await db.query('select * exclude (_loaded_at) from raw_tenders order by id');

        const again = await loadDirectory(db, dir);
        expect(again.tenders).toMatchObject({ read: 2, inserted: 0, updated: 0, unchanged: 2 });
        expect(await db.query('select * exclude (_loaded_at) from raw_tenders order by id')).toEqual(snapshot);

        writeFileSync(join(dir, 'tenders.jsonl'), tender('T1', at(1), { title: 'v1-older' }) + '\n');
        const older = await loadDirectory(db, dir);
        expect(older.tenders).toMatchObject({ read: 1, inserted: 0, updated: 0, unchanged: 1 });
        expect(await db.query('select * exclude (_loaded_at) from raw_tenders order by id')).toEqual(snapshot);

        writeFileSync(join(dir, 'tenders.jsonl'), tender('T1', at(3), { title: 'v3' }) + '\n');
        const newer = await loadDirectory(db, dir);
        expect(newer.tenders).toMatchObject({ read: 1, inserted: 0, updated: 1, unchanged: 0 });
        expect(await db.query("select title from raw_tenders where id = 'T1'")).toEqual([{ title: 'v3' }]);
      });
    });
  });

  it('picks the latest version when one batch holds several versions of a record, compared as instants', async () => {
    await withTempDir(async (dir) => {
      // 10:00+08:00 is 02:00Z, earlier than 03:00Z: offsets are compared as instants, not as text.
      writeFileSync(join(dir, 'tenders.jsonl'), [
        tender('T1', '2024-03-01T03:00:00Z', { title: 'latest' }),
        tender('T1', '2024-03-01T10:00:00+08:00', { title: 'earlier' }),
      ].join('\n') + '\n');
      await withDatabase(async (db) => {
        const summary = await loadDirectory(db, dir, { batchSize: 1 });
        expect(summary.tenders).toMatchObject({ read: 2, inserted: 1, unchanged: 1 });
        expect(await db.query('select title from raw_tenders')).toEqual([{ title: 'latest' }]);
      });
    });
  });
});

describe('money', () => {
  it('keeps cent amounts, rounds float renderings of a cent amount, and keeps unit prices as sent', async () => {
    const { bidSchema } = await import('../db/recordSchemas.ts');
    const base = { id: 'b', tender_id: 't', bidder_id: 'c', status: 'valid', updated_at: '2024-01-01T00:00:00+08:00' };
    const price = (value: number) => {
      const parsed = bidSchema.safeParse({ ...base, price: value });
      return parsed.success ? parsed.data.price : parsed.error.issues[0]?.message;
    };
    expect(price(168784178.7)).toBe(168784178.7);
    expect(price(99999999.99)).toBe(99999999.99);
    expect(price(258781115.05999997)).toBe(258781115.06);
    expect(price(1.234)).toBe(1.234);
    expect(price(0.07312345678901234)).toBe(0.07312345678901234);
    expect(price(-1)).toBe('money must not be negative');
  });
});

describe('reloading bad input', () => {
  it('keeps one dead letter per bad line when the same files load twice', async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'bids.jsonl'), ['{oops', bid('b1', 'T1', -1)].join('\n') + '\n');
      await withDatabase(async (db) => {
        const first = await loadDirectory(db, dir);
        const second = await loadDirectory(db, dir);
        expect([first.bids.deadLettered, second.bids.deadLettered]).toEqual([2, 2]);
        expect(await db.query('select source, reason_code from dead_letters order by source')).toEqual([
          { source: 'bids.jsonl:1', reason_code: 'bad_json' },
          { source: 'bids.jsonl:2', reason_code: 'schema' },
        ]);
      });
    });
  });
});

describe('file ingest, two files at a time (SQL loader)', () => {
  it('reports progress over all the files, ending at their total size, and loads each as alone', async () => {
    await withTempDir(async (dir) => {
      const bids = Array.from({ length: 2000 }, (_, i) => bid(`b${i}`, `T${i % 7}`, 100 + i)).join('\n') + '\n';
      const tenders = Array.from({ length: 7 }, (_, i) => tender(`T${i}`, at(1))).join('\n') + '\n';
      writeFileSync(join(dir, 'bids.jsonl'), bids);
      writeFileSync(join(dir, 'tenders.jsonl'), tenders);
      await withDatabase(async (db) => {
        const seen: Array<{ allBytesRead: number; allBytesTotal: number }> = [];
        const summary = await loadDirectory(db, dir, { loader: 'sql', onProgress: (p) => seen.push(p) });
        expect(summary.bids).toMatchObject({ read: 2000, accepted: 2000 });
        expect(summary.tenders).toMatchObject({ read: 7, accepted: 7 });
        const total = Buffer.byteLength(bids) + Buffer.byteLength(tenders);
        expect(seen.every((p) => p.allBytesTotal === total)).toBe(true);
        expect(seen.map((p) => p.allBytesRead)).toEqual([...seen.map((p) => p.allBytesRead)].sort((a, b) => a - b));
        expect(seen.at(-1)?.allBytesRead).toBe(total);
        // Inserted in file order, as a load one file at a time does.
        const rows = await db.query<{ id: string }>('select id from raw_bids');
        expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 2000 }, (_, i) => `b${i}`));
      });
    });
  });

  it('fails as a whole when one lane fails, after the other lane has settled, and leaves the database usable', async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'bids.jsonl'), Array.from({ length: 500 }, (_, i) => bid(`b${i}`, 'T1', 100)).join('\n') + '\n');
      writeFileSync(join(dir, 'tenders.jsonl'), tender('T1', at(1)) + '\n');
      await withDatabase(async (db) => {
        const failing = (p: { type: string }) => {
          if (p.type === 'tenders') throw new Error('progress sink broke on tenders');
        };
        await expect(loadDirectory(db, dir, { loader: 'sql', onProgress: failing })).rejects.toThrow('progress sink broke on tenders');
        // The bids lane ran to its end before the error came out; the connection still answers.
        expect(await db.query('select count(*)::integer as n from raw_bids')).toEqual([{ n: 500 }]);
        expect(await db.query('select count(*)::integer as n from raw_tenders')).toEqual([{ n: 1 }]);
      });
    });
  });
});
