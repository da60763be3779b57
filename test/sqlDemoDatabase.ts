import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProvince } from '../demo/generateProvince.ts';
import { runScan } from '../cli/runScan.ts';
import { Database } from '../db/Database.ts';

export interface DemoDatabase {
  /** A scanned demo database file (scale 0.2: ~700 tenders, ~4,000 bids, planted cases). */
  path: string;
  /** A temp folder for the test's own files, removed by `remove()`. */
  dir: string;
  remove(): void;
}

/**
 * Generates a small demo province into a temp folder and scans it into a database file, as
 * `bidwatch scan` would: for tests of the analyst tools, which need the v_* views with rows,
 * flags and leads. Takes ~10 s; call it once per test file (beforeAll).
 */
export async function createDemoDatabase(): Promise<DemoDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'bidwatch-sql-test-'));
  const input = join(dir, 'province');
  const path = join(dir, 'demo.duckdb');
  await generateProvince({ outDir: input, scale: 0.2 });
  const db = await Database.open(path);
  try {
    await runScan({ db, input, out: null, runId: 'run-test' });
  } finally {
    db.close();
  }
  return { path, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
