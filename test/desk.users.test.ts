import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskStore } from '../desk/DeskStore.ts';
import { DeskReviewLog } from '../leads/DeskReviewLog.ts';
import { deskDatabase, type DeskDatabase } from './support/deskDatabase.ts';

const root = join(import.meta.dirname, '..');
const bidwatch = (args: string[], input = '') =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'cli', 'main.ts'), ...args], { cwd: root, input, encoding: 'utf8' });

describe('bidwatch users', () => {
  let database: DeskDatabase;
  beforeAll(async () => {
    database = await deskDatabase();
  });
  afterAll(() => rmSync(database.dir, { recursive: true, force: true }));

  it('adds an account with the password from stdin, hashed with scrypt (N = 2^17, r = 8, p = 1)', async () => {
    const added = bidwatch(['users', 'add', 'wang', '--role', 'reviewer', '--db', database.path], 'correct horse battery\n');
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain('wang: added as reviewer');
    expect(bidwatch(['users', 'add', 'li', '--role', 'reviewer', '--db', database.path], 'short\n').stderr).toContain('at least 8 characters');
    expect(bidwatch(['users', 'add', 'li', '--role', 'boss', '--db', database.path], 'long enough pw\n').stderr).toContain('role "boss"');
    expect(bidwatch(['users', 'list', '--db', database.path]).stdout.trim()).toBe('wang\treviewer');

    const path = DeskReviewLog.pathFor(database.path);
    const store = DeskStore.open(path);
    try {
      const [hash] = store.reviews.sqlite.prepare('select password_hash from desk_users').pluck().all() as string[];
      expect(hash).toMatch(/^scrypt\$17\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
      expect((await store.login('wang', 'correct horse battery')).ok).toBe(true);
      expect((await store.login('wang', 'correct horse battery ')).ok).toBe(false);
    } finally {
      store.close();
    }
    expect(readFileSync(path).includes('correct horse battery')).toBe(false);
  });
});
