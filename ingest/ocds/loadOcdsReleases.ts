import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { BIGINT, BLOB, DuckDBBlobValue, VARCHAR, type DuckDBValue } from '@duckdb/node-api';
import { appendColumns } from '../../db/appendColumns.ts';
import type { Database } from '../../db/Database.ts';
import { ensureOcdsTables, ocdsRecordType } from './ensureOcdsTables.ts';
import { MAX_RELEASE_BYTES, OcdsInputError, readOcdsReleases } from './readOcdsReleases.ts';

export interface LoadOcdsOptions {
  /** Releases per appender batch on the line-by-line path. */
  batchSize?: number;
  /** Largest `.json` package read whole (readOcdsReleases.ts). */
  maxPackageBytes?: number;
  /** Skip DuckDB's own JSON Lines reader and validate line by line (tests of that path). */
  lineByLine?: boolean;
}

/** What one load did: read = accepted + deadLettered. */
export interface OcdsLoadSummary {
  file: string;
  read: number;
  accepted: number;
  deadLettered: number;
  /** Releases that replaced a stored release with the same ocid (from an earlier load). */
  replaced: number;
  /** `duckdb` when DuckDB read the whole file itself, `lines` when each line was checked in Node. */
  path: 'duckdb' | 'lines';
}

/**
 * Loads OCDS compiled releases from a JSON Lines file (or a release/record package `.json`) into
 * `raw_ocds_releases`, one row per ocid, with every bad line in `dead_letters` (record type
 * `ocds_release`, source `file:line`).
 *
 * Speed: a clean JSON Lines file is read by DuckDB's parallel NDJSON reader in one statement; the
 * file's line count (counted in Node meanwhile) proves no line was skipped, so the row number is
 * the line number. Any line DuckDB refuses or skips (bad JSON, bad UTF-8, blank lines) sends the
 * whole file down the line-by-line path, which names each bad line and its reason.
 *
 * @example
 * const summary = await loadOcdsReleases(db, 'releases.jsonl');
 * console.log(summary.read === summary.accepted + summary.deadLettered);
 */
export async function loadOcdsReleases(db: Database, path: string, options: LoadOcdsOptions = {}): Promise<OcdsLoadSummary> {
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
  } catch {
    throw new OcdsInputError('not_found', `OCDS file not found: ${path}`);
  }
  await ensureOcdsTables(db);
  const isPackage = /\.json$/i.test(path);
  if (!isPackage && !options.lineByLine) {
    const loaded = await tryDuckDbReader(db, path);
    if (loaded) return loaded;
  }
  return loadLineByLine(db, path, options);
}

async function tryDuckDbReader(db: Database, path: string): Promise<OcdsLoadSummary | null> {
  const lines = countLines(path);
  try {
    // One pass: DuckDB parses each line once for the reader and once for the three head fields.
    await db.run(
      `create or replace temp table incoming_ocds as
       select ordinality as line, json as release, json_extract(json, ['$.ocid', '$.id', '$.date']) as heads
       from read_ndjson_objects($path, maximum_object_size = ${MAX_RELEASE_BYTES}) with ordinality`,
      { path },
    );
  } catch {
    await lines;
    return null;
  }
  await db.run('create or replace temp table incoming_ocds_raw (line bigint, text varchar)');
  const [row] = await db.query<{ n: number }>('select count(*)::double as n from incoming_ocds');
  if ((row?.n ?? -1) !== (await lines)) {
    await db.run('drop table incoming_ocds');
    return null;
  }
  return mergeIncoming(db, path, 'duckdb', [], row?.n ?? 0);
}

async function loadLineByLine(db: Database, path: string, options: LoadOcdsOptions): Promise<OcdsLoadSummary> {
  const batchSize = options.batchSize ?? 50_000;
  await db.run('create or replace temp table incoming_ocds_text (line bigint, text varchar)');
  const deadLetters: DuckDBValue[][] = [[], [], [], [], [], []];
  let lines: DuckDBValue[] = [];
  let texts: DuckDBValue[] = [];
  let read = 0;
  const sources = new Map<number, string>();
  const flush = async () => {
    await appendColumns(db, 'incoming_ocds_text', [BIGINT, VARCHAR], [lines, texts]);
    lines = [];
    texts = [];
  };
  for await (const item of readOcdsReleases(path, options)) {
    read++;
    if (item.ok) {
      lines.push(BigInt(read));
      texts.push(item.text);
      sources.set(read, item.source);
      if (lines.length >= batchSize) await flush();
    } else {
      const bytes = item.rawBytes ? new DuckDBBlobValue(item.rawBytes) : null;
      [item.source, ocdsRecordType, item.code, item.reason, item.raw, bytes].forEach((v, i) => deadLetters[i]!.push(v));
    }
  }
  await flush();
  await db.run(`create or replace temp table incoming_ocds as
    with typed as (select line, try_cast(text as json) as release from incoming_ocds_text)
    select line, release, try(json_extract(release, ['$.ocid', '$.id', '$.date'])) as heads from typed`);
  await db.run(`create or replace temp table incoming_ocds_raw as
    select incoming.line, text.text from incoming_ocds as incoming
    inner join incoming_ocds_text as text on text.line = incoming.line
    where incoming.release is null`);
  await db.run('drop table incoming_ocds_text');
  // Package entries are not lines: their sources (`file.json#releases/3`) are kept per item.
  const packageSources = /\.json$/i.test(path) ? [...sources.entries()] : [];
  return mergeIncoming(db, path, 'lines', deadLetters, read, packageSources);
}

/**
 * Checks the incoming rows in SQL (object, string ocid, ocid unique in the load, DuckDB accepts
 * the JSON), then replaces stored releases with the same ocid and writes rows and dead letters
 * in one transaction.
 */
async function mergeIncoming(
  db: Database,
  path: string,
  via: 'duckdb' | 'lines',
  nodeDeadLetters: DuckDBValue[][],
  read: number,
  packageSources: [number, string][] = [],
): Promise<OcdsLoadSummary> {
  const file = basename(path);
  await db.run(`create or replace temp table incoming_ocds_sources (line bigint, source varchar)`);
  if (packageSources.length > 0) {
    await appendColumns(db, 'incoming_ocds_sources', [BIGINT, VARCHAR], [packageSources.map(([l]) => BigInt(l)), packageSources.map(([, s]) => s)]);
  }
  await db.run(`create or replace temp table incoming_ocds_dead_letters (
    source varchar, record_type varchar, reason_code varchar, reason varchar, raw varchar, raw_bytes blob)`);
  await appendColumns(db, 'incoming_ocds_dead_letters', [VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, BLOB], nodeDeadLetters);

  // Verdicts on the narrow columns only; the releases' text is touched once, by the final insert.
  await db.run(
    `create or replace temp table checked_ocds as
     with typed as (
         select
             incoming.line,
             coalesce(sources.source, $file || ':' || incoming.line) as source,
             case
                 when incoming.release is null or incoming.heads is null then 'bad_json'
                 when json_type(incoming.heads[1]) = 'VARCHAR' then 'ok'
                 when json_type(incoming.release) <> 'OBJECT' then 'not_object'
                 else 'ocds_no_ocid'
             end as verdict,
             case when json_type(incoming.heads[1]) = 'VARCHAR' then incoming.heads[1] ->> '$' end as ocid,
             case when json_type(incoming.heads[2]) = 'VARCHAR' then incoming.heads[2] ->> '$' end as release_id,
             case when json_type(incoming.heads[3]) = 'VARCHAR' then incoming.heads[3] ->> '$' end as release_date
         from incoming_ocds as incoming
         left join incoming_ocds_sources as sources on sources.line = incoming.line
     ),

     repeated as (
         select ocid, min(line) as first_line
         from typed
         where verdict = 'ok'
         group by ocid
         having count(*) > 1
     )

     select typed.*, repeated.first_line,
            case when typed.verdict = 'ok' and typed.line > repeated.first_line then 'ocds_duplicate_ocid' else typed.verdict end as outcome
     from typed
     left join repeated on repeated.ocid = typed.ocid`,
    { file },
  );
  return db.transaction(async () => {
    const [seqRow] = await db.query<{ next_seq: number }>('select coalesce(max(seq), 0)::double as next_seq from raw_ocds_releases');
    const [replacedRow] = await db.query<{ n: number }>(
      `select count(*)::double as n from raw_ocds_releases where ocid in (select ocid from checked_ocds where outcome = 'ok')`,
    );
    if ((replacedRow?.n ?? 0) > 0) {
      await db.run(`delete from raw_ocds_releases where ocid in (select ocid from checked_ocds where outcome = 'ok')`);
    }
    await db.run(
      `insert into raw_ocds_releases
       select checked.ocid, incoming.release, checked.source, $next_seq + checked.line, checked.release_id, checked.release_date, now()
       from checked_ocds as checked
       inner join incoming_ocds as incoming on incoming.line = checked.line
       where checked.outcome = 'ok'
       order by checked.line`,
      { next_seq: seqRow?.next_seq ?? 0 },
    );
    await db.run(
      `insert into incoming_ocds_dead_letters
       select checked.source, $record_type, checked.outcome,
              case checked.outcome
                  when 'ocds_duplicate_ocid' then 'ocid ' || checked.ocid || ' already read at ' || $file || ':' || checked.first_line
                                 || '; compiled releases have one line per ocid (individual releases must be compiled first: ocdskit compile)'
                  when 'bad_json' then 'not JSON DuckDB can read (e.g. a number beyond the double range)'
                  when 'not_object' then 'expected a release (a JSON object), got '
                       || case json_type(incoming.release) when 'ARRAY' then 'an array' when 'NULL' then 'null' else 'a ' || lower(json_type(incoming.release)) end
                  else 'release has no string ocid; OCDS requires one'
              end,
              coalesce(incoming.release::varchar, text.text), null
       from checked_ocds as checked
       inner join incoming_ocds as incoming on incoming.line = checked.line
       left join incoming_ocds_raw as text on text.line = checked.line
       where checked.outcome <> 'ok'`,
      { record_type: ocdsRecordType, file },
    );
    const [dead] = await db.query<{ n: number }>('select count(*)::double as n from incoming_ocds_dead_letters');
    await db.run(`insert into dead_letters
      select incoming.*, now() from incoming_ocds_dead_letters as incoming
      where not exists (
        select 1 from dead_letters as known
        where known.source = incoming.source and known.reason_code = incoming.reason_code
          and known.raw is not distinct from incoming.raw and known.raw_bytes is not distinct from incoming.raw_bytes
      )`);
    const deadLettered = dead?.n ?? 0;
    await db.run('drop table incoming_ocds');
    await db.run('drop table checked_ocds');
    await db.run('drop table incoming_ocds_raw');
    return { file: path, read, accepted: read - deadLettered, deadLettered, replaced: replacedRow?.n ?? 0, path: via };
  });
}

/** Lines as DuckDB's NDJSON reader sees them: a final line without "\n" still counts. */
async function countLines(path: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
  }
  return last === 0x0a ? lines : lines + 1;
}
