import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../cli/CliError.ts';
import { openForWrite } from '../cli/openForWrite.ts';
import { Database } from '../db/Database.ts';

const root = join(import.meta.dirname, '..');

/** Another process (as the review desk or a DuckDB CLI would) holding the database read-only for `ms`. */
async function holdReadOnly(path: string, ms: number): Promise<{ released: Promise<void> }> {
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const instance = await DuckDBInstance.create(${JSON.stringify(path)}, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    console.log('held');
    setTimeout(() => { connection.closeSync(); instance.closeSync(); process.exit(0); }, ${ms});`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
  let output = '';
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const released = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => String(chunk).includes('held') && resolve());
    child.on('exit', (code) => reject(new Error(`holder exited ${code}: ${output}`)));
  });
  // Wrapped: an async function returning a bare promise would wait for it.
  return { released };
}

describe('openForWrite beside another process holding the database', () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bidwatch-lock-'));
    path = join(dir, 'db.duckdb');
    const db = await Database.open(path);
    await db.run('create table t as select 1 as x');
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('waits out a short read (the review desk refreshing) and then opens', async () => {
    const { released } = await holdReadOnly(path, 1500);
    const started = Date.now();
    const db = await openForWrite(path, 20);
    try {
      expect(await db.query<{ x: number }>('select x from t')).toEqual([{ x: 1 }]);
      // It did wait for the holder: it could not have opened before the holder let go.
      expect(Date.now() - started).toBeGreaterThan(500);
    } finally {
      db.close();
    }
    await released;
  });

  it('gives up with advice when the lock outlasts the wait (a DuckDB session left open)', async () => {
    const { released } = await holdReadOnly(path, 4000);
    const failure = await openForWrite(path, 0.5).then((db) => db.close(), (error: unknown) => error);
    expect(failure).toBeInstanceOf(CliError);
    expect((failure as Error).message).toMatch(/in use by another process .*still after waiting 0\.5 s/);
    await released;
  });
});
