import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../db/Database.ts';
import { pointAt } from '../cli/sql/pointAt.ts';
import { ReadOnlySession } from '../cli/sql/ReadOnlySession.ts';
import { runSqlQuery, type SqlRunOptions } from '../cli/sql/runSqlQuery.ts';
import { SqlError } from '../cli/sql/SqlError.ts';
import { createDemoDatabase, type DemoDatabase } from './sqlDemoDatabase.ts';

let demo: DemoDatabase;

beforeAll(async () => {
  demo = await createDemoDatabase();
});

afterAll(() => demo?.remove());

/** Collects what a command writes to "stdout". */
function capture(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

function run(sql: string, options: Partial<SqlRunOptions> = {}) {
  const out = capture();
  const done = runSqlQuery({ db: demo.path, sql, format: 'table', maxRows: 0, maxWidth: 0, stdout: out.stream, stdoutIsTTY: false, ...options });
  return { done, text: out.text };
}

async function failure(promise: Promise<unknown>): Promise<SqlError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SqlError) return error;
    throw error;
  }
  throw new Error('expected the query to fail');
}

async function readOnly<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const db = await Database.open(demo.path, { readOnly: true });
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

const counts = () =>
  readOnly((db) =>
    db.query<{ flags: number; runs: number; tables: number }>(
      `select (select count(*) from flags)::double as flags, (select count(*) from runs)::double as runs,
              (select count(*) from duckdb_tables())::double as tables`,
    ),
  );

describe('bidwatch sql: the read-only guard', () => {
  const refused: [string, string, RegExp][] = [
    ['INSERT', 'insert into runs (run_id, started_at) values (\'x\', now())', /INSERT writes data/],
    ['INSERT (with a CTE)', 'with r as (select * from runs) insert into runs select * from r', /INSERT writes data/],
    ['UPDATE', "update leads set status = 'dismissed'", /UPDATE writes data/],
    ['DELETE', 'delete from flags', /DELETE writes data/],
    ['DROP', 'drop table flags', /DROP changes the schema/],
    ['DROP VIEW', 'drop view v_bids', /DROP changes the schema/],
    ['CREATE', 'create table scratch as select 1 as a', /CREATE changes the schema/],
    ['CREATE TEMP', 'create temp table scratch as select 1 as a', /CREATE changes the schema/],
    ['ALTER', 'alter table flags add column x int', /ALTER changes the schema/],
    ['ATTACH for writing', "attach '__DIR__/other.duckdb' as other", /ATTACH opens another database/],
    ['ATTACH read-only', "attach '__DB__' as again (read_only)", /ATTACH opens another database/],
    ['COPY table TO', "copy flags to '__DIR__/flags.csv'", /COPY reads or writes files/],
    ['COPY query TO', "copy (select * from v_bids) to '__DIR__/bids.parquet' (format parquet)", /COPY reads or writes files/],
    ['EXPORT DATABASE', "export database '__DIR__/dump'", /EXPORT DATABASE writes files/],
    ['INSTALL', 'install httpfs', /INSTALL\/LOAD adds extensions/],
    ['LOAD', 'load httpfs', /INSTALL\/LOAD adds extensions/],
    ['SET', 'set enable_external_access = true', /SET\/RESET\/USE change the session/],
    ['RESET', 'reset lock_configuration', /SET\/RESET\/USE change the session/],
    ['PRAGMA setting', 'pragma threads = 1', /SET\/RESET\/USE change the session/],
    ['CHECKPOINT', 'checkpoint', /CALL runs a procedure/],
    ['a write after a query', 'select 1; delete from flags', /statement 2 of 2: DELETE writes data/],
    ['EXPLAIN ANALYZE of a write', 'explain analyze delete from flags', /EXPLAIN \[ANALYZE\] of a statement that is not a query/],
  ];

  it.each(refused)('refuses %s', async (_name, template, reason) => {
    const sql = template.replace('__DIR__', demo.dir).replace('__DB__', demo.path);
    const error = await failure(run(sql).done);
    expect(error.code).toBe('refused');
    expect(error.message).toMatch(reason);
  });

  it('left the database file and its folder byte for byte as they were', async () => {
    const hash = () => createHash('sha256').update(readFileSync(demo.path)).digest('hex');
    const before = { hash: hash(), counts: await counts(), files: readdirSync(demo.dir).sort() };
    for (const [, template] of refused) await failure(run(template.replace('__DIR__', demo.dir).replace('__DB__', demo.path)).done);
    expect({ hash: hash(), counts: await counts(), files: readdirSync(demo.dir).sort() }).toEqual(before);
    expect(before.counts[0]!.flags).toBeGreaterThan(0);
    expect(before.files).toEqual(['demo.duckdb', 'province']);
  });

  it('cannot read files either: external access is off in the session', async () => {
    const error = await failure(run("select * from read_csv('/etc/passwd')").done);
    expect(error.code).toBe('query_failed');
    expect(error.message).toMatch(/Permission Error: .*file system operations are disabled/);
  });

  it('runs queries: select, with, from-first, describe, summarize, explain', async () => {
    for (const sql of [
      'select count(*) as n from v_bids',
      'with b as (select * from v_bids) select count(*) from b',
      'from v_tenders limit 1',
      'describe v_bids',
      'summarize v_awards',
      'explain select count(*) from v_bids',
    ]) {
      const { done } = run(sql);
      const [rows] = await done;
      expect(rows, sql).toBeGreaterThan(0);
    }
  });
});

describe('bidwatch sql: errors say what and where', () => {
  it('a syntax error carries DuckDB message and the position, shown with a caret', async () => {
    const sql = 'select bid_id,\n  price\nform v_bids';
    const error = await failure(run(sql).done);
    expect(error.code).toBe('syntax');
    expect(error.message).toBe('Parser Error: syntax error at or near "v_bids"');
    expect(pointAt(sql, error.context.position!, 'q.sql')).toBe(['q.sql:3:6', '  3 | form v_bids', '    |      ^'].join('\n'));
  });

  it('a bad column is pointed at in characters, past Chinese text', async () => {
    const sql = "select '昆明' as city, bidder_nmae from v_bids";
    const error = await failure(run(sql).done);
    expect(error.code).toBe('query_failed');
    expect(error.message).toMatch(/^Binder Error: Referenced column "bidder_nmae" not found/);
    expect(sql.slice(error.context.position!)).toMatch(/^bidder_nmae/);
    expect(pointAt(sql, error.context.position!).split('\n')[2]).toBe(`    | ${' '.repeat('select \'昆明\' as city, '.length + 2)}^`);
  });

  it('a missing database says so and how to get one', async () => {
    const error = await failure(runSqlQuery({ db: join(demo.dir, 'nope.duckdb'), sql: 'select 1', format: 'table', maxRows: 0, maxWidth: 0, stdout: capture().stream, stdoutIsTTY: false }));
    expect(error.code).toBe('missing_database');
    expect(error.message).toMatch(/database not found: .*nope\.duckdb\nRun `bidwatch scan` first/);
    expect(existsSync(join(demo.dir, 'nope.duckdb'))).toBe(false);
  });

  it('a database a running scan holds is explained as such', async () => {
    const copy = join(demo.dir, 'locked.duckdb');
    copyFileSync(demo.path, copy);
    const writer = await holdWriteLock(copy);
    try {
      const error = await failure(runSqlQuery({ db: copy, sql: 'select 1', format: 'table', maxRows: 0, maxWidth: 0, stdout: capture().stream, stdoutIsTTY: false }));
      expect(error.code).toBe('locked');
      expect(error.message).toMatch(/locked by another process, most likely a running `bidwatch scan`/);
      expect(error.message).toMatch(/Conflicting lock is held/);
    } finally {
      writer.kill();
    }
  });
});

/** Another process opening the file for writing, as `bidwatch scan` does. */
async function holdWriteLock(path: string): Promise<ChildProcess> {
  const script = `import { DuckDBInstance } from '@duckdb/node-api';
    const instance = await DuckDBInstance.create(${JSON.stringify(path)});
    await (await instance.connect()).run('select 1');
    console.log('locked');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (data: Buffer) => { if (data.toString().includes('locked')) resolve(); });
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  return child;
}

describe('bidwatch sql: every format round-trips', () => {
  // Text, Chinese, quotes and commas, empty text vs NULL, doubles, DECIMAL, BIGINT, HUGEINT (sum),
  // BOOLEAN, DATE, TIMESTAMPTZ, a list and a struct.
  const query = `
    select
        bid_id,
        bidder_name,
        'say "hi", 你好' as tricky_text,
        case when rank = 1 then '' end as empty_or_null,
        price,
        price_to_ceiling,
        cast(price as decimal(18, 2)) as price_decimal,
        count(*) over (partition by tender_id) as bids_on_tender,
        sum(rank) over (partition by tender_id) as rank_sum,
        is_winner,
        cast(timezone('Asia/Shanghai', bid_deadline) as date) as deadline_day,
        submitted_at,
        consortium_ids,
        [bidder_id, tender_id] as ids,
        {'status': status, 'score': score} as evaluation
    from v_bids
    where submitted_at is not null
    order by bid_id
    limit 300`;

  let expected: Record<string, unknown>[];
  let types: { column_name: string; column_type: string }[];

  beforeAll(async () => {
    await readOnly(async (db) => {
      expected = await db.query(query);
      types = await db.query(`describe ${query}`);
    });
    expect(expected.length).toBe(300);
  });

  /** Read back with DuckDB, cast to the original column types, compared as DuckDB would show them. */
  const readBack = (reader: string, file: string, options = '') =>
    readOnly((db) => {
      const casts = types.map((t) => `cast("${t.column_name}" as ${t.column_type}) as "${t.column_name}"`).join(', ');
      return db.query(`select ${casts} from ${reader}($file${options})`, { file });
    });

  it('csv', async () => {
    const file = join(demo.dir, 'out', 'rows.csv');
    await run(query, { format: 'csv', output: file }).done;
    // The file tells empty text ("") from NULL (nothing); DuckDB's reader merges them unless told not to.
    expect(await readBack('read_csv', file, ', allow_quoted_nulls = false')).toEqual(expected);
  });

  it('json', async () => {
    const file = join(demo.dir, 'out', 'rows.json');
    await run(query, { format: 'json', output: file }).done;
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveLength(300);
    expect(await readBack('read_json', file)).toEqual(expected);
  });

  it('parquet', async () => {
    const file = join(demo.dir, 'out', 'rows.parquet');
    await run(query, { format: 'parquet', output: file }).done;
    expect(await readBack('read_parquet', file)).toEqual(expected);
  });

  it('arrow', async () => {
    const file = join(demo.dir, 'out', 'rows.arrow');
    await run(query, { format: 'arrow', output: file }).done;
    const table = tableFromIPC(readFileSync(file));
    expect(table.schema.fields.map((f) => String(f.type))).toEqual([
      'Utf8', 'Utf8', 'Utf8', 'Utf8', 'Float64', 'Float64', 'Float64', 'Int64', 'Int64', 'Bool', 'Date32<DAY>',
      'Timestamp<MICROSECOND, Asia/Shanghai>', 'List<Utf8>', 'List<Utf8>', 'Struct<{status:Utf8, score:Float64}>',
    ]);
    const original = await readOnly(async (db) => (await db.connection.runAndReadAll(query)).getRowObjectsJS());
    expect(table.toArray().map((row) => normalise(row.toJSON()))).toEqual(original.map(normalise));
  });

  it('csv and json to stdout as well', async () => {
    const csv = run('select bid_id, price from v_bids order by bid_id limit 2', { format: 'csv' });
    await csv.done;
    expect(csv.text().split('\n')[0]).toBe('bid_id,price');
    expect(csv.text().trim().split('\n')).toHaveLength(3);
    const json = run('select bid_id, price from v_bids order by bid_id limit 2', { format: 'json' });
    await json.done;
    expect(JSON.parse(json.text())).toHaveLength(2);
  });
});

/** Arrow and DuckDB JS values in one comparable form: ids and counts as text, times as epoch ms. */
function normalise(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'object') {
    // Arrow vectors (lists) and struct rows: their JSON form is an array or a plain object.
    const object = value as { toJSON?: () => unknown };
    if (typeof object.toJSON === 'function' && object.constructor !== Object) return normalise(object.toJSON());
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

describe('bidwatch sql: the table', () => {
  it('aligns columns, counts every row and shows --max-rows of them', async () => {
    const { done, text } = run("select bidder_name, count(*) as n from v_bids group by all order by n desc, bidder_name", { maxRows: 3 });
    const [rows] = await done;
    const lines = text().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ bidder_name +│ +n$/);
    expect(lines).toHaveLength(2 + 3 + 1);
    expect(lines[5]).toBe(`(${rows!.toLocaleString('en-US')} rows, 3 shown; --max-rows 0 shows all)`);
    // Chinese names take two terminal columns each: every row's separator sits at the same column.
    const barColumn = (line: string) => {
      const before = line.slice(0, line.indexOf('│'));
      return before.length + (before.match(/[\u4e00-\u9fff]/g) ?? []).length;
    };
    expect(new Set([0, 2, 3, 4].map((i) => barColumn(lines[i]!))).size).toBe(1);
  });

  it('cuts wide cells at --max-width', async () => {
    const { done, text } = run("select repeat('x', 60) as wide", { maxWidth: 10 });
    await done;
    expect(text().split('\n')[2]).toBe(' xxxxxxxxx…');
  });
});

describe('bidwatch sql: example queries (queries/*.sql)', () => {
  const folder = new URL('../queries/', import.meta.url);
  const files = readdirSync(folder).filter((f) => f.endsWith('.sql')).sort();

  it('there are the four asked for and more', () => {
    expect(files).toEqual(expect.arrayContaining(['co_bidding_pairs.sql', 'company_history.sql', 'buyer_contracts_near_threshold.sql', 'pm_concurrent_projects.sql']));
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files)('%s says its question and returns rows on the demo database', async (file) => {
    const sql = readFileSync(new URL(file, folder), 'utf8');
    expect(sql.startsWith('-- Question: ')).toBe(true);
    const [rows] = await run(sql, { format: 'json', output: join(demo.dir, 'out', `${file}.json`) }).done;
    expect(rows).toBeGreaterThan(0);
  });

  it('takes its parameters from --var', async () => {
    const [top] = await readOnly((db) => db.query<{ bidder_id: string }>('select bidder_id from v_bids group by all order by count(*) asc, bidder_id limit 1'));
    const session = await ReadOnlySession.open(demo.path, { company_id: top!.bidder_id });
    try {
      const sql = readFileSync(new URL('company_history.sql', folder), 'utf8');
      for await (const result of session.run(sql)) {
        const rows = await result.getRowObjectsJson();
        expect(rows.length).toBeGreaterThan(0);
        expect(new Set(rows.map((r) => r.bidder_id))).toEqual(new Set([top!.bidder_id]));
      }
    } finally {
      session.close();
    }
  });
});
