import type { Database } from '../db/Database.ts';
import { countRawRecords } from './countRawRecords.ts';
import { InputError } from './InputError.ts';
import { originOfDirectory, type DataOrigin } from './originOfDirectory.ts';

export interface DataSource {
  origin: DataOrigin;
  /** The directory (absolute) or the Kafka topics the records come from. */
  source: string;
}

/**
 * Checks, before a single row is written, that records of `source` may go into this database, and
 * then (unless `check` only) notes the source in `data_origin` (one row per origin and source, with
 * the first and last time it was loaded).
 *
 * The rule: generated demo data and real records never share a database. A scan of the demo once
 * overwrote real records that happened to share an id; and a lead built on a mix is evidence of
 * nothing. A database that holds records but no `data_origin` (loaded by an earlier bidwatch) is
 * taken for real records, unless every scan in its `runs` read a generated directory.
 *
 * @throws InputError `mixed_origin` with what the database holds and what to do instead.
 * @example
 * await claimOrigin(db, { origin: 'records', source: '/srv/incoming/2026-11-22' });
 */
export async function claimOrigin(db: Database, incoming: DataSource, mode: 'check' | 'claim' = 'claim'): Promise<void> {
  const held = await originsHeld(db);
  const other: DataOrigin = incoming.origin === 'demo' ? 'records' : 'demo';
  const conflicting = held.filter((h) => h.origin === other);
  if (conflicting.length > 0) {
    const from = conflicting.map((h) => h.source).join(', ');
    throw new InputError(
      'mixed_origin',
      incoming.origin === 'demo'
        ? `database ${db.path} holds real records (loaded from ${from}); refusing to load the generated demo data of ${incoming.source} into it: ` +
            'generated data must never mix with real records. Load the demo into a database of its own (run `bidwatch scan` without --db, or give --db a new file).'
        : `database ${db.path} holds generated demo data (from ${from}); refusing to load records from ${incoming.source} into it: ` +
            'real records must never mix with generated data. Give them a database of their own (--db a new file), or delete this one to start afresh.',
    );
  }
  if (mode === 'check') return;
  await db.run(`create table if not exists data_origin (
    origin varchar not null,
    source varchar not null,
    first_loaded_at timestamptz not null,
    last_loaded_at timestamptz not null
  )`);
  const updated = await db.query<{ n: number }>(
    'update data_origin set last_loaded_at = now() where origin = $origin and source = $source returning 1 as n',
    { origin: incoming.origin, source: incoming.source },
  );
  if (updated.length === 0) {
    await db.run('insert into data_origin values ($origin, $source, now(), now())', { origin: incoming.origin, source: incoming.source });
  }
}

/** What the database says it holds; for a database from before `data_origin`, what can be inferred. */
async function originsHeld(db: Database): Promise<DataSource[]> {
  const tables = new Set((await db.query<{ name: string }>('select table_name as name from duckdb_tables() where not temporary')).map((t) => t.name));
  if (tables.has('data_origin')) {
    const noted = await db.query<DataSource>('select origin, source from data_origin order by first_loaded_at');
    if (noted.length > 0) return noted;
  }
  if ((await countRawRecords(db)) === 0) return [];
  const inputs = tables.has('runs') ? (await db.query<{ input: string | null }>('select input from runs')).map((r) => r.input) : [];
  const allGenerated = inputs.length > 0 && inputs.every((input) => input !== null && originOfDirectory(input) === 'demo');
  return [{ origin: allGenerated ? 'demo' : 'records', source: 'records loaded before bidwatch noted their origin' }];
}
