import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateShardedProvince, shiftSequencedIds } from '../bench/generateShardedProvince.ts';
import { recordTypeNames } from '../db/recordSchemas.ts';
import { loadDirectory } from '../ingest/loadDirectory.ts';
import { withDatabase, withTempDir } from './support/withDatabase.ts';

describe('the sharded bench province (the 10M set in bounded memory)', () => {
  it('moves each shard’s sequence-numbered ids into a range of its own, wherever they are referenced', () => {
    const line = '{"id":"E53011120220000001001-B01","tender_id":"E53011120220000001001","contract":"HT20220000042","project_code":"2024-530602-47-03-000012","approval":"AP-2024-530602-47-03-000012-BA"}';
    expect(shiftSequencedIds(line, 0)).toBe(line);
    expect(shiftSequencedIds(line, 3)).toBe(
      '{"id":"E53011120223000001001-B01","tender_id":"E53011120223000001001","contract":"HT20223000042","project_code":"2024-530602-47-03-300012","approval":"AP-2024-530602-47-03-300012-BA"}',
    );
  });

  it('writes shards whose records never collide: every record loads as a new one, and the manifest sums the counts', async () => {
    await withTempDir(async (dir) => {
      await generateShardedProvince(dir, 2, 0.03);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { counts: Record<string, number>; shards: number };
      expect(manifest.shards).toBe(2);
      await withDatabase(async (db) => {
        const summary = await loadDirectory(db, dir);
        for (const type of recordTypeNames) {
          expect({ type, read: summary[type].read }).toEqual({ type, read: manifest.counts[type] });
          expect({ type, inserted: summary[type].inserted }).toEqual({ type, inserted: summary[type].read });
        }
      });
    });
  });
});
