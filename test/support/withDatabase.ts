import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../../db/Database.ts';

/** Runs `work` with a fresh in-memory database, closed afterwards. */
export async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const db = await Database.open(':memory:');
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

/** A fresh temporary directory, removed after `work`. */
export async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'bidwatch-test-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
