import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.ts';
import { runScan } from '../cli/runScan.ts';
import { Database } from '../db/Database.ts';
import { claimOrigin } from '../ingest/claimOrigin.ts';
import { InputError } from '../ingest/InputError.ts';
import { rules } from '../rules/registry.ts';
import { withDatabase, withTempDir } from './support/withDatabase.ts';

const updatedAt = '2024-03-01T09:00:00+08:00';
const tender = (id: string, title: string) => JSON.stringify({ id, title, buyer_id: 'B1', method: 'open', category: 'works', updated_at: updatedAt });
const bid = (id: string, tenderId: string, bidderId: string, price: number) =>
  JSON.stringify({ id, tender_id: tenderId, bidder_id: bidderId, price, status: 'valid', updated_at: updatedAt });

/** A directory of real-looking records: two tenders with three bids each. */
function writeRecords(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tenders.jsonl'), [tender('T1', '真实标段一'), tender('T2', '真实标段二')].join('\n') + '\n');
  writeFileSync(
    join(dir, 'bids.jsonl'),
    ['T1', 'T2'].flatMap((t) => [1, 2, 3].map((n) => bid(`${t}-b${n}`, t, `C${n}`, 1_000_000 + n * 37_000))).join('\n') + '\n',
  );
  return dir;
}

/** A directory as the generator writes it (its manifest signs it), with a tender id that collides with a real one. */
function writeGenerated(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ generator: 'bidwatch demo/generateProvince.ts', generator_version: '1.0.0', seed: 1 }));
  writeFileSync(join(dir, 'tenders.jsonl'), `${tender('T1', '演示标段')}\n`);
  return dir;
}

/** Runs the CLI in this process, capturing what it prints. */
async function bidwatch(...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const errors: string[] = [];
  const logs: string[] = [];
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void errors.push(parts.join(' ')));
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void logs.push(parts.join(' ')));
  try {
    const code = await main(args);
    return { code, stderr: errors.join('\n'), stdout: logs.join('\n') };
  } finally {
    error.mockRestore();
    log.mockRestore();
  }
}

async function titles(dbPath: string): Promise<Record<string, string>> {
  const db = await Database.open(dbPath, { readOnly: true });
  try {
    return Object.fromEntries((await db.query<{ id: string; title: string }>('select id, title from raw_tenders order by id')).map((r) => [r.id, r.title]));
  } finally {
    db.close();
  }
}

describe('the demo never goes into a database of real records', () => {
  it('scan --db FILE without --input or --no-load loads nothing and says what to do', async () => {
    await withTempDir(async (dir) => {
      const prod = join(dir, 'prod.duckdb');
      const { code, stderr } = await bidwatch('scan', '--db', prod, '--out', join(dir, 'out'));
      expect(code).toBe(2);
      expect(stderr).toContain('--input DIR');
      expect(stderr).toContain('--no-load');
      expect(existsSync(prod)).toBe(false);
    });
  });

  it('refuses generated data in a database of records, before a row is written (exit 2)', async () => {
    await withTempDir(async (dir) => {
      const prod = join(dir, 'prod.duckdb');
      expect((await bidwatch('load', '--input', writeRecords(join(dir, 'records')), '--db', prod)).code).toBe(0);
      const before = await titles(prod);
      const { code, stderr } = await bidwatch('scan', '--input', writeGenerated(join(dir, 'demo')), '--db', prod, '--out', join(dir, 'out'));
      expect(code).toBe(2);
      expect(stderr).toContain('holds real records');
      expect(stderr).toContain('database of its own');
      expect(await titles(prod)).toEqual(before);
      expect(before.T1).toBe('真实标段一');
      const db = await Database.open(prod, { readOnly: true });
      try {
        // Refused before the scan was recorded: no runs table, so no half-finished run in it.
        expect(await db.query("select count(*)::integer as n from duckdb_tables() where table_name = 'runs'")).toEqual([{ n: 0 }]);
        expect(await db.query('select origin from data_origin')).toEqual([{ origin: 'records' }]);
      } finally {
        db.close();
      }
    });
  });

  it('refuses real records in a database holding generated data (exit 2)', async () => {
    await withTempDir(async (dir) => {
      const demoDb = join(dir, 'demo.duckdb');
      expect((await bidwatch('load', '--input', writeGenerated(join(dir, 'demo')), '--db', demoDb)).code).toBe(0);
      const { code, stderr } = await bidwatch('load', '--input', writeRecords(join(dir, 'records')), '--db', demoDb);
      expect(code).toBe(2);
      expect(stderr).toContain('holds generated demo data');
      expect(await titles(demoDb)).toEqual({ T1: '演示标段' });
    });
  });

  it('refuses Kafka records (origin records) in a demo database, and the demo in a database loaded before origins were noted', async () => {
    await withDatabase(async (db) => {
      await claimOrigin(db, { origin: 'demo', source: '/somewhere/data/demo' });
      await expect(claimOrigin(db, { origin: 'records', source: 'kafka 127.0.0.1:9092 topics tender.*' })).rejects.toThrow(InputError);
    });
    await withTempDir(async (dir) => {
      await withDatabase(async (db) => {
        await db.run("create table raw_tenders as select 'T1' as id");
        await expect(claimOrigin(db, { origin: 'demo', source: writeGenerated(join(dir, 'demo')) })).rejects.toThrow(/holds real records/);
      });
    });
  });
});

describe('empty, misnamed or wrong input', () => {
  it('an empty directory: exit 2, says what was expected', async () => {
    await withTempDir(async (dir) => {
      mkdirSync(join(dir, 'empty'));
      const { code, stderr } = await bidwatch('scan', '--input', join(dir, 'empty'), '--db', join(dir, 'x.duckdb'), '--out', join(dir, 'out'));
      expect(code).toBe(2);
      expect(stderr).toContain('expected one or more of persons.jsonl');
      expect(stderr).toContain('it is empty');
    });
  });

  it('misnamed files: exit 2, each named with the closest expected name', async () => {
    await withTempDir(async (dir) => {
      const input = join(dir, 'in');
      mkdirSync(input);
      for (const name of ['Bids.jsonl', 'tender.json', 'bid.jsonl']) writeFileSync(join(input, name), `${bid('b1', 'T1', 'C1', 1)}\n`);
      const { code, stderr } = await bidwatch('load', '--input', input, '--db', join(dir, 'x.duckdb'));
      expect(code).toBe(2);
      expect(stderr).toContain('Bids.jsonl (did you mean bids.jsonl?)');
      expect(stderr).toContain('tender.json (did you mean tenders.jsonl?)');
      expect(stderr).toContain('bid.jsonl (did you mean bids.jsonl?)');
    });
  });

  it('a file instead of a directory: exit 2 without a stack trace', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'bids.jsonl');
      writeFileSync(file, `${bid('b1', 'T1', 'C1', 1)}\n`);
      const { code, stderr } = await bidwatch('scan', '--input', file, '--db', join(dir, 'x.duckdb'), '--out', join(dir, 'out'));
      expect(code).toBe(2);
      expect(stderr).toContain('is a file');
      expect(stderr).not.toContain('    at ');
    });
  });

  it('loads what it can and names the files it does not read', async () => {
    await withTempDir(async (dir) => {
      const input = writeRecords(join(dir, 'in'));
      writeFileSync(join(input, 'award.jsonl'), '');
      const { code, stderr, stdout } = await bidwatch('load', '--input', input, '--db', join(dir, 'x.duckdb'));
      expect(code).toBe(0);
      expect(stderr).toContain('award.jsonl (did you mean awards.jsonl?)');
      expect(stdout).toMatch(/bids\s+6\s+6/);
    });
  });

  it('scan --no-load of a database without records: exit 2, says how to load', async () => {
    await withTempDir(async (dir) => {
      const { code, stderr } = await bidwatch('scan', '--no-load', '--db', join(dir, 'fresh.duckdb'), '--out', join(dir, 'out'));
      expect(code).toBe(2);
      expect(stderr).toContain('holds no records');
      expect(stderr).toContain('bidwatch ingest');
    });
  });

  it('every rule runs on an empty database (no rows means no hits, not a crash)', async () => {
    await withDatabase(async (db) => {
      const summary = await runScan({ db, input: null, out: null, runId: 'run-empty' });
      expect(summary.rules.map((r) => r.ruleId).sort()).toEqual(rules.map((r) => r.id).sort());
      expect(summary.rules.reduce((n, r) => n + r.hits, 0)).toBe(0);
    });
  });
});

describe('mistakes found before the work', () => {
  it('an --out that cannot be written stops the scan before the database is touched', async () => {
    await withTempDir(async (dir) => {
      const blocker = join(dir, 'not-a-folder');
      writeFileSync(blocker, '');
      const db = join(dir, 'x.duckdb');
      const { code, stderr } = await bidwatch('scan', '--input', writeRecords(join(dir, 'in')), '--db', db, '--out', join(blocker, 'reports'));
      expect(code).toBe(2);
      expect(stderr).toContain(`cannot write to ${join(blocker, 'reports')}`);
      expect(existsSync(db)).toBe(false);
    });
  });

  it('eval without ground truth, or with the ground truth of another market, says so (exit 2)', async () => {
    await withTempDir(async (dir) => {
      const input = writeRecords(join(dir, 'in'));
      const db = join(dir, 'x.duckdb');
      expect((await bidwatch('scan', '--input', input, '--db', db, '--out', join(dir, 'out'))).code).toBe(0);

      const missing = await bidwatch('eval', '--input', input, '--db', db);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain(`no ground truth in ${input}`);
      expect(missing.stdout).not.toContain('recall');

      const other = join(dir, 'other');
      mkdirSync(other);
      const planted = { case_id: 'X1', detections: ['A1'], kind: 'planted', tender_ids: ['T-ELSEWHERE-1', 'T-ELSEWHERE-2'], bid_ids: [], award_ids: [], contract_ids: [], project_codes: [], company_ids: [], person_ids: [] };
      writeFileSync(join(other, 'ground_truth.jsonl'), `${JSON.stringify(planted)}\n`);
      const foreign = await bidwatch('eval', '--input', other, '--db', db);
      expect(foreign.code).toBe(2);
      expect(foreign.stderr).toContain('0 of the 2 tenders it names are in the database');
    });
  });
});

describe('running outside the checkout', () => {
  it('bin/bidwatch.js runs from another working directory and prints the version of package.json', () => {
    const bin = new URL('../bin/bidwatch.js', import.meta.url).pathname;
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const out = execFileSync(process.execPath, [bin, '--version'], { cwd: tmpdir(), encoding: 'utf8', env: { ...process.env, BIDWATCH_CLI: '' } });
    expect(out.trim()).toBe(`bidwatch ${version}`);
  });
});
