import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Database } from '../db/Database.ts';
import { recordTypeNames, recordTypes } from '../db/recordSchemas.ts';
import { generateProvince } from '../demo/generateProvince.ts';
import { loadDirectory, type LoadSummary } from '../ingest/loadDirectory.ts';
import { rawTableColumns } from '../ingest/rawTableColumns.ts';
import { RecordLoader } from '../ingest/RecordLoader.ts';
import { SqlBatchLoader } from '../ingest/sql/SqlBatchLoader.ts';
import { SqlRecordLoader } from '../ingest/sql/SqlRecordLoader.ts';
import { LINE_CHECKSUM_MODULUS, scanLineLayout } from '../ingest/sql/scanLineLayout.ts';
import { readLineBuffers } from '../ingest/readLineBuffers.ts';
import { writeLinePieces } from '../ingest/sql/writeLinePieces.ts';
import type { IncomingRecord } from '../ingest/validateRecord.ts';
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

/** Every raw table row (JSON columns canonical) and every dead letter, in a stable order. */
async function snapshot(db: Database) {
  const tables: Record<string, unknown[]> = {};
  for (const type of recordTypeNames) {
    const jsonColumns = [...rawTableColumns[type].filter((c) => c.kind === 'json').map((c) => c.name), '_extra'];
    const rows = await db.query<Record<string, unknown>>(`select * exclude (_loaded_at) from raw_${type} order by "${recordTypes[type].key}"`);
    tables[type] = rows.map((row) => ({ ...row, ...Object.fromEntries(jsonColumns.map((name) => [name, canonicalJson(row[name])])) }));
  }
  const deadLetters = await db.query('select source, record_type, reason_code, reason, raw, raw_bytes from dead_letters order by source, reason_code');
  return { tables, deadLetters };
}

async function loadBoth(dir: string) {
  return withDatabase(async (viaJs) =>
    withDatabase(async (viaSql) => {
      const js = await loadDirectory(viaJs, dir, { loader: 'js' });
      const sql = await loadDirectory(viaSql, dir, { loader: 'sql' });
      return { js, sql, jsSnapshot: await snapshot(viaJs), sqlSnapshot: await snapshot(viaSql) };
    }),
  );
}

/** Keeps only the damage a plain file can hold (scanLineLayout.ts): no CR, NUL, BOM, bad UTF-8 or blank line. */
function keepPlainLines(dir: string): void {
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    const lines = readFileSync(join(dir, name)).toString('latin1').split('\n').slice(0, -1).map((line) => Buffer.from(line, 'latin1'));
    const plain = lines.filter((b) => b.length > 0 && isUtf8(b) && ![0x0d, 0x00, 0x01].some((c) => b.includes(c)) && !b.includes(Buffer.from([0xef, 0xbb, 0xbf])));
    writeFileSync(join(dir, name), Buffer.concat(plain.flatMap((b) => [b, Buffer.from('\n')])));
  }
}

const deadLettered = (summary: LoadSummary) => recordTypeNames.reduce((n, type) => n + summary[type].deadLettered, 0);

describe('the SQL loader (ingest/sql/)', () => {
  it('loads a fuzzed demo province exactly as the JavaScript loader: same rows, same dead letters, same reasons', async () => {
    await withTempDir(async (dir) => {
      const clean = join(dir, 'clean');
      const fuzzed = join(dir, 'fuzzed');
      await generateProvince({ outDir: clean, scale: 0.04, seed: 11 });
      const damaged = fuzzRecordLines(clean, fuzzed, { share: 0.25, seed: 5 });
      expect(damaged).toBeGreaterThan(1000);
      const { js, sql, jsSnapshot, sqlSnapshot } = await loadBoth(fuzzed);
      expect(deadLettered(js)).toBeGreaterThan(300);
      expect(sql).toEqual(js);
      expect(sqlSnapshot.deadLetters).toEqual(jsSnapshot.deadLetters);
      for (const type of recordTypeNames) expect(sqlSnapshot.tables[type], type).toEqual(jsSnapshot.tables[type]);
    });
  });

  it('loads the province damaged by the hostile-line fuzzer (corruptLines) exactly as the JavaScript loader', async () => {
    await withTempDir(async (dir) => {
      await generateProvince({ outDir: join(dir, 'clean'), scale: 0.04, seed: 13 });
      const damaged = corruptLines(join(dir, 'clean'), join(dir, 'fuzzed'), { share: 0.05, seed: 3 });
      expect(new Set(damaged.map((d) => d.kind)).size).toBeGreaterThanOrEqual(10);
      const { js, sql, jsSnapshot, sqlSnapshot } = await loadBoth(join(dir, 'fuzzed'));
      expect(sql).toEqual(js);
      expect(sqlSnapshot).toEqual(jsSnapshot);
    });
  });

  it('accepts the clean demo in SQL, line for line as the JavaScript loader, leaving nothing to JavaScript', async () => {
    await withTempDir(async (dir) => {
      await generateProvince({ outDir: dir, scale: 0.04, seed: 12 });
      const { js, sql, jsSnapshot, sqlSnapshot } = await loadBoth(dir);
      expect(sql).toEqual(js);
      expect(sqlSnapshot).toEqual(jsSnapshot);
      await withDatabase(async (db) => {
        const loader = await SqlRecordLoader.create(db);
        const lines = readFileSync(join(dir, 'bids.jsonl'), 'utf8').trimEnd().split('\n');
        await loader.appendLines(lines.map((raw, i) => ({ seq: i + 1, source: `bids.jsonl:${i + 1}`, raw })));
        const outcome = await loader.loadLines('bids', lines.length, []);
        expect(outcome.accepted).toBe(lines.length);
        expect(loader.counts).toEqual({ acceptedInSql: lines.length, decidedInJavaScript: 0 });
      });
    });
  });

  it('leaves to JavaScript what DuckDB reads more leniently than JSON.parse, and gets the same verdicts', async () => {
    const bid = (extra: string) => `{"id":"b1","tender_id":"T1","bidder_id":"C1","price":100,"status":"valid","updated_at":"2024-03-01T09:00:00+08:00"${extra}}`;
    const lines = [
      bid(',"x":NaN'),
      bid(',"x":1e400'),
      bid(',"x":[1,]'),
      bid(',"id":"b2"'),
      bid(',"deposit":{"payer_name":"a","payer_name":1}'),
      bid(',"rank":1.0'),
      bid(',"price":0.30000000000000004'),
      bid(',"bidder_id":" C1"').replace('"bidder_id":"C1",', ''),
      bid(',"x":"\\ud800"'),
      bid(',"fingerprint":{"ip":"1.2.3.4","mystery":{"deep":[true]}}'),
      bid(''),
    ];
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'bids.jsonl'), lines.join('\n') + '\n');
      const { js, sql, jsSnapshot, sqlSnapshot } = await loadBoth(dir);
      expect(sql).toEqual(js);
      expect(sqlSnapshot).toEqual(jsSnapshot);
      expect(deadLettered(js)).toBeGreaterThan(0);
    });
  });

  it('reads a Windows (CRLF) file and a file with a BOM like the JavaScript loader, with the same file:line', async () => {
    const tender = (id: string) => JSON.stringify({ id, title: 't', buyer_id: 'B1', method: 'open', category: 'works', updated_at: '2024-03-01T09:00:00+08:00' });
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'tenders.jsonl'), `\uFEFF${tender('T1')}\r\n\r\n${tender('T2')}\r${tender('T3')}\r\n{oops\r\n`);
      writeFileSync(join(dir, 'bids.jsonl'), `\uFEFF{"id":"b1","tender_id":"T1","bidder_id":"C1","price":1,"status":"valid","updated_at":"2024-03-01T09:00:00+08:00"}\n\n{"id":`);
      const { js, sql, jsSnapshot, sqlSnapshot } = await loadBoth(dir);
      expect(sql).toEqual(js);
      expect(sqlSnapshot).toEqual(jsSnapshot);
      expect(sqlSnapshot.deadLetters.map((d) => (d as { source: string }).source)).toEqual(['bids.jsonl:2', 'bids.jsonl:3', 'tenders.jsonl:2', 'tenders.jsonl:5']);
    });
  });

  it('takes Kafka batches (keys, tombstones, bytes) through the same SQL step, with the dead letters known before the commit', async () => {
    await withTempDir(async (dir) => {
      await generateProvince({ outDir: join(dir, 'clean'), scale: 0.03, seed: 14 });
      fuzzRecordLines(join(dir, 'clean'), join(dir, 'fuzzed'), { share: 0.3, seed: 9 });
      const lines = readFileSync(join(dir, 'fuzzed', 'bids.jsonl')).toString('latin1').split('\n').slice(0, -1);
      const messages: IncomingRecord[] = lines.map((line, i) => {
        const bytes = Buffer.from(line, 'latin1');
        const id = /"id":"([^"]*)"/.exec(bytes.toString('utf8'))?.[1] ?? null;
        // Most messages keyed by their id, some by another, some with no key; every 50th a tombstone.
        const key = i % 17 === 0 ? 'other' : i % 23 === 0 ? null : id;
        return { raw: i % 50 === 0 ? null : bytes, source: `tender.bids/0/${i}`, key };
      });
      const viaJs = await withDatabase(async (db) => {
        const loader = await RecordLoader.create(db);
        const batch = loader.prepare('bids', messages);
        const letters = batch.deadLetters.slice(0, 6);
        return { outcome: await loader.commit(batch), letters, snapshot: await snapshot(db) };
      });
      const viaSql = await withDatabase(async (db) => {
        const loader = await SqlBatchLoader.create(db);
        const batch = loader.prepare('bids', messages);
        await loader.settle(batch);
        const letters = batch.deadLetters.slice(0, 6);
        return { outcome: await loader.commit(batch), letters, snapshot: await snapshot(db) };
      });
      expect(viaJs.letters[2]).toContain('key_mismatch');
      expect(viaSql.letters).toEqual(viaJs.letters);
      expect(viaSql.outcome).toEqual(viaJs.outcome);
      expect(viaSql.snapshot).toEqual(viaJs.snapshot);
    });
  });

  it('reads plain files whole in DuckDB, bad lines included, with the same rows, dead letters and file:line as the JavaScript loader', async () => {
    await withTempDir(async (dir) => {
      await generateProvince({ outDir: join(dir, 'clean'), scale: 0.04, seed: 15 });
      fuzzRecordLines(join(dir, 'clean'), join(dir, 'fuzzed'), { share: 0.3, seed: 21 });
      keepPlainLines(join(dir, 'fuzzed'));
      const loadFile = vi.spyOn(SqlRecordLoader.prototype, 'loadFile');
      try {
        const { js, sql, jsSnapshot, sqlSnapshot } = await loadBoth(join(dir, 'fuzzed'));
        expect(deadLettered(js)).toBeGreaterThan(300);
        expect(sql).toEqual(js);
        expect(sqlSnapshot.deadLetters).toEqual(jsSnapshot.deadLetters);
        for (const type of recordTypeNames) expect(sqlSnapshot.tables[type], type).toEqual(jsSnapshot.tables[type]);
        // Every file was read whole by DuckDB (loadFile returns null when it falls back to reading line by line).
        expect(loadFile).toHaveBeenCalledTimes(recordTypeNames.length);
        for (const result of loadFile.mock.results) expect(await result.value).not.toBeNull();
      } finally {
        loadFile.mockRestore();
      }
    });
  });

  it.each([
    { case: 'every piece read by DuckDB', fallBackEvery: 0 },
    { case: 'every third piece DuckDB cannot read, read line by line instead', fallBackEvery: 3 },
  ])('reads a plain file larger than a piece one piece at a time ($case), with the same rows, dead letters and file:line as the JavaScript loader', async ({ fallBackEvery }) => {
    await withTempDir(async (dir) => {
      await generateProvince({ outDir: join(dir, 'clean'), scale: 0.04, seed: 17 });
      fuzzRecordLines(join(dir, 'clean'), join(dir, 'fuzzed'), { share: 0.3, seed: 23 });
      keepPlainLines(join(dir, 'fuzzed'));
      const pieceLines = 97;
      const piecesExpected = recordTypeNames.reduce((n, type) => {
        const path = join(dir, 'fuzzed', `${type}.jsonl`);
        return n + (existsSync(path) ? Math.ceil((readFileSync(path, 'utf8').split('\n').length - 1) / pieceLines) : 0);
      }, 0);
      const readWhole = SqlRecordLoader.prototype.loadFile;
      let calls = 0;
      // loadFile returns null when DuckDB cannot read a file; the piece then goes line by line.
      const loadFile = vi.spyOn(SqlRecordLoader.prototype, 'loadFile').mockImplementation(function (this: SqlRecordLoader, ...args) {
        calls += 1;
        return fallBackEvery > 0 && calls % fallBackEvery === 0 ? Promise.resolve(null) : readWhole.apply(this, args);
      });
      try {
        const { js, jsSnapshot, sql, sqlSnapshot } = await withDatabase(async (viaJs) =>
          withDatabase(async (viaSql) => {
            // The same batch ends both ways: a record seen again in a later batch counts as updated, in the same one as unchanged.
            const js = await loadDirectory(viaJs, join(dir, 'fuzzed'), { loader: 'js', batchSize: pieceLines });
            const sql = await loadDirectory(viaSql, join(dir, 'fuzzed'), { loader: 'sql', batchSize: pieceLines, piecesFromBytes: 0 });
            return { js, sql, jsSnapshot: await snapshot(viaJs), sqlSnapshot: await snapshot(viaSql) };
          }),
        );
        expect(deadLettered(js)).toBeGreaterThan(300);
        expect(sql).toEqual(js);
        expect(sqlSnapshot.deadLetters).toEqual(jsSnapshot.deadLetters);
        for (const type of recordTypeNames) expect(sqlSnapshot.tables[type], type).toEqual(jsSnapshot.tables[type]);
        // One read per piece, each from the spool, none left there.
        expect(loadFile.mock.calls.length).toBe(piecesExpected);
        expect(loadFile.mock.calls.filter((call) => String(call[1]).includes('bidwatch-piece-')).length).toBeGreaterThan(piecesExpected - recordTypeNames.length);
        for (const call of loadFile.mock.calls) expect(existsSync(String(call[1])) && String(call[1]).includes('bidwatch-piece-')).toBe(false);
        const nulls = (await Promise.all(loadFile.mock.results.map((result) => result.value))).filter((outcome) => outcome === null).length;
        expect(nulls).toBe(fallBackEvery > 0 ? Math.floor(piecesExpected / fallBackEvery) : 0);
      } finally {
        loadFile.mockRestore();
      }
    });
  });

  it('removes the pieces a killed load left on the spool before it cuts a file, and no running process\'s', async () => {
    await withTempDir(async (dir) => {
      await generateProvince({ outDir: join(dir, 'clean'), scale: 0.02, seed: 5 });
      const spool = join(dir, 'spool');
      mkdirSync(spool);
      const orphan = join(spool, `bidwatch-piece-2147483646-${randomUUID()}.lines`);
      const running = join(spool, `bidwatch-piece-${process.pid}-${randomUUID()}.lines`);
      for (const path of [orphan, running]) writeFileSync(path, '{}\n');
      const before = process.env.BIDWATCH_SPOOL_DIR;
      process.env.BIDWATCH_SPOOL_DIR = spool;
      try {
        await withDatabase((db) => loadDirectory(db, join(dir, 'clean'), { loader: 'sql', batchSize: 500, piecesFromBytes: 0 }));
      } finally {
        if (before === undefined) delete process.env.BIDWATCH_SPOOL_DIR;
        else process.env.BIDWATCH_SPOOL_DIR = before;
      }
      expect(readdirSync(spool)).toEqual([basename(running)]);
    });
  });

  it('cuts a file into pieces that add up to it, each with its own line count and checksum, and leaves none behind', async () => {
    await withTempDir(async (dir) => {
      // Over two 4 MB read chunks, multi-byte characters, an empty line, no final line break.
      const lines = Array.from({ length: 30_000 }, (_, i) => (i === 12_345 ? '' : `{"n":${i},"text":"${'中文é'.repeat(i % 89)}${'x'.repeat((i * 7919) % 131)}"}`));
      const path = join(dir, 'bids.jsonl');
      writeFileSync(path, lines.join('\n'));
      const spool = join(dir, 'spool');
      mkdirSync(spool);
      const parts: Buffer[] = [];
      const seen: { firstLine: number; lines: number }[] = [];
      for await (const piece of writeLinePieces(path, 7_000, spool)) {
        const text = readFileSync(piece.path);
        parts.push(text);
        seen.push({ firstLine: piece.firstLine, lines: piece.lines });
        expect(piece.bytesBefore).toBe(parts.slice(0, -1).reduce((n, b) => n + b.length, 0));
        expect(piece.bytes).toBe(text.length);
        expect(await scanLineLayout(piece.path, 1_000_000)).toEqual({ plain: true, lines: piece.lines, checksum: piece.checksum, bytes: text.length });
        expect(readdirSync(spool)).toHaveLength(1);
      }
      expect(Buffer.concat(parts).equals(readFileSync(path))).toBe(true);
      expect(seen).toEqual([1, 7_001, 14_001, 21_001, 28_001].map((firstLine) => ({ firstLine, lines: firstLine === 28_001 ? 2_000 : 7_000 })));
      expect(readdirSync(spool)).toEqual([]);
      // Stopping early (the load failed) removes the piece being read too.
      for await (const piece of writeLinePieces(path, 7_000, spool)) {
        expect(existsSync(piece.path)).toBe(true);
        break;
      }
      expect(readdirSync(spool)).toEqual([]);
    });
  });

  it('counts lines and their position checksum across read chunks as readLineBuffers splits them', async () => {
    await withTempDir(async (dir) => {
      // Lines of varied lengths over three 4 MB read chunks, multi-byte characters across the chunk ends, no final line break.
      const lines = Array.from({ length: 40_000 }, (_, i) => `{"n":${i},"text":"${'中文é'.repeat(i % 97)}${'x'.repeat((i * 7919) % 113)}"}`);
      const path = join(dir, 'bids.jsonl');
      writeFileSync(path, lines.join('\n'));
      let expectedLines = 0;
      let checksum = 0;
      for await (const { line, size } of readLineBuffers(path, 1_000_001)) {
        expectedLines = line;
        checksum = (checksum + line * size) % LINE_CHECKSUM_MODULUS;
      }
      expect(expectedLines).toBe(lines.length);
      expect(await scanLineLayout(path, 1_000_000)).toEqual({ plain: true, lines: lines.length, checksum, bytes: Buffer.byteLength(lines.join('\n')) });
      writeFileSync(path, `${lines.join('\n')}\r\n`);
      expect((await scanLineLayout(path, 1_000_000)).plain).toBe(false);
    });
  });
});
