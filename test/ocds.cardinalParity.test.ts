import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadOcdsReleases } from '../ingest/ocds/loadOcdsReleases.ts';
import { parseCardinalSettings } from '../rules/ocds/CardinalSettings.ts';
import { runCardinalIndicators } from '../rules/ocds/runCardinalIndicators.ts';
import { withDatabase } from './support/withDatabase.ts';

/**
 * Issue 14: `bidwatch indicators` prints what Cardinal 0.0.8 printed on our fixtures
 * (fixtures/ocds/cardinal/, expected outputs from the real binary, canonical key order).
 */
const root = fileURLToPath(new URL('../fixtures/ocds/cardinal/', import.meta.url));
const fixtures = readdirSync(root).filter((name) => existsSync(join(root, name, 'input.jsonl'))).sort();

describe.each(fixtures)('Cardinal fixture %s', (name) => {
  const dir = join(root, name);
  const variants = [
    { file: 'expected.json', meta: true, map: false },
    { file: 'expected.no-meta.json', meta: false, map: false },
    { file: 'expected.map.json', meta: true, map: true },
  ].filter((v) => existsSync(join(dir, v.file)));

  // `bidwatch indicators` keeps only the fields (fieldsOnly, in place) and shares the models and the
  // indicators between two connections; a scan keeps whole releases and uses one: all feed the same models.
  const loads = variants.flatMap((v) => [
    { ...v, fieldsOnly: true, connections: 2 },
    ...(v.file === 'expected.json' ? [{ ...v, fieldsOnly: true, connections: 1 }, { ...v, fieldsOnly: false, connections: 1 }] : []),
  ]);
  it.each(loads)('$file (fieldsOnly: $fieldsOnly, connections: $connections)', async ({ file, meta, map, fieldsOnly, connections }) => {
    await withDatabase(async (db) => {
      await loadOcdsReleases(db, join(dir, 'input.jsonl'), { fieldsOnly, inPlace: fieldsOnly && connections === 2 });
      const settings = parseCardinalSettings(readFileSync(join(dir, 'settings.ini'), 'utf8'));
      const second = connections === 2 ? await db.connectAgain() : null;
      const { text, counts } = await runCardinalIndicators(db, settings, { meta, map, connections: second ? [second] : [] }).finally(() => second?.close());
      expect(text).toBe(readFileSync(join(dir, file), 'utf8'));
      if (file === 'expected.json' && existsSync(join(dir, 'expected.count.txt'))) {
        expect(counts.map((line) => `${line}\n`).join('')).toBe(readFileSync(join(dir, 'expected.count.txt'), 'utf8'));
      }
    });
  });
});
