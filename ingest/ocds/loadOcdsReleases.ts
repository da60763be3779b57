import { createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { BIGINT, BLOB, DuckDBBlobValue, VARCHAR, type DuckDBValue } from '@duckdb/node-api';
import { appendColumns } from '../../db/appendColumns.ts';
import type { Database } from '../../db/Database.ts';
import { ensureOcdsTables, ocdsRecordType } from './ensureOcdsTables.ts';
import { ocdsReleaseFields, ocdsReleasePathNames, ocdsTypedFieldNames, selectTypedFields, typedOcid } from './ocdsReleaseFields.ts';
import { MAX_RELEASE_BYTES, OcdsInputError, checkOcdsLine, readOcdsReleases, type OcdsReadItem } from './readOcdsReleases.ts';

export interface LoadOcdsOptions {
  /** Releases per appender batch on the line-by-line path. */
  batchSize?: number;
  /** Largest `.json` package read whole (readOcdsReleases.ts). */
  maxPackageBytes?: number;
  /** Skip DuckDB's own JSON Lines reader and validate line by line (tests of that path). */
  lineByLine?: boolean;
  /**
   * Keep only `raw_ocds_release_fields` (the paths the stg_ocds_* models read), not the whole
   * releases in `raw_ocds_releases`: `bidwatch indicators`, which needs nothing else. DuckDB then
   * reads only those paths from the file, and no release text is stored.
   */
  fieldsOnly?: boolean;
  /**
   * With `fieldsOnly`, on a database holding no OCDS yet: the fields stay in the table DuckDB read
   * them into and `raw_ocds_release_fields` is a view over it, instead of a copy — for a database
   * used once and thrown away (`bidwatch indicators`), which frees them with `dropInPlaceFields`
   * once the models are built. At 1M releases the copy took ~3 CPU-s and held ~1.2 GB more, which
   * pushed DuckDB past its memory limit into spilling. Table and view are not temporary, so every
   * connection to the database sees them (buildModels `alongside`).
   */
  inPlace?: boolean;
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

/** The paths every load extracts, as DuckDB's NDJSON reader takes them (`columns`). */
const fieldColumns = `{${Object.entries(ocdsReleaseFields)
  .map(([name, type]) => `${name}: '${type.replace(/\s+/g, ' ')}'`)
  .join(', ')}}`;

/** The same paths plus the release's id and date, for `json_transform` of a whole release. */
const releaseStructure = `'${JSON.stringify({ ...Object.fromEntries(Object.entries(ocdsReleaseFields).map(([n, t]) => [n, t.replace(/\s+/g, ' ')])), id: 'JSON', date: 'JSON' })}'`;

/**
 * Loads OCDS compiled releases from a JSON Lines file (or a release/record package `.json`) into
 * `raw_ocds_releases` (unless `fieldsOnly`) and `raw_ocds_release_fields`, one row per ocid, with
 * every bad line in `dead_letters` (record type `ocds_release`, source `file:line`).
 *
 * Speed: a JSON Lines file is read by DuckDB's parallel NDJSON reader in one statement (with
 * `fieldsOnly`, only the paths the models read); the file's line count (counted in Node meanwhile)
 * proves no line was skipped, so the row number is the line number. Lines DuckDB could not read
 * (or read without a string ocid) are then read again in Node, which names each one's reason; if
 * Node accepts a line DuckDB refused, or blank lines shift the numbering, the whole file goes down
 * the line-by-line path, which names each bad line and its reason.
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
  const isPackage = /\.json$/i.test(path);
  const keepReleases = !options.fieldsOnly;
  if (!isPackage && !options.lineByLine && !keepReleases) {
    // Creates the tables itself, once DuckDB is reading.
    const loaded = await loadFieldsDirectly(db, path, options.inPlace === true);
    if (loaded) return loaded;
  }
  await ensureOcdsTables(db);
  if (!isPackage && !options.lineByLine && keepReleases) {
    const loaded = await tryDuckDbReader(db, path);
    if (loaded) return loaded;
  }
  return loadLineByLine(db, path, options, keepReleases);
}

/**
 * Whole releases: DuckDB reads each line as JSON text, then extracts the paths from it. The line
 * is the row's position, as in loadFieldsDirectly: the insert preserves the reader's order and
 * `line` is set to `rowid + 1` afterwards (`with ordinality` ran the whole parse on one thread:
 * 100k releases took 4.2 s wall for 4.9 CPU-s).
 */
async function tryDuckDbReader(db: Database, path: string): Promise<OcdsLoadSummary | null> {
  const lines = countLines(path);
  try {
    await db.withSettings({ preserve_insertion_order: 'true' }, async () => {
      await db.run(
        `create or replace temp table incoming_ocds as
         with read as (
             select null::bigint as line, json as release
             from read_ndjson_objects($path, maximum_object_size = ${MAX_RELEASE_BYTES})
         )
         ${selectIncoming('read')}`,
        { path },
      );
    });
  } catch {
    await lines;
    return null;
  }
  await db.run('update incoming_ocds set line = rowid + 1');
  await db.run('create or replace temp table incoming_ocds_raw (line bigint, text varchar)');
  const [row] = await db.query<{ n: number }>('select count(*)::double as n from incoming_ocds');
  if ((row?.n ?? -1) !== (await lines)) {
    await db.run('drop table incoming_ocds');
    return null;
  }
  return mergeIncoming(db, path, { via: 'duckdb', read: row?.n ?? 0, keepReleases: true });
}

/**
 * Fields only: DuckDB's reader extracts just the paths of ocdsReleaseFields from each line (one
 * parse, no release text kept) into a temp table, then into `raw_ocds_release_fields` in one
 * transaction. A line it cannot read comes in as a row without an ocid (ignore_errors), so it
 * keeps its line number; those lines, and repeated ocids (whose dead letter carries the line), are
 * read again in Node for their reason and text, and left out.
 *
 * The line number is the row's position: DuckDB's reader parses the file's blocks on every thread
 * and numbers them, and an insert that preserves insertion order writes them in that order, so
 * `rowid + 1` is the line. (`with ordinality` numbers the rows in a streaming window, which runs
 * the whole read on one thread: reading the bids of 100k releases took 2.1 CPU-s with it, 0.9
 * without, on a busy machine.)
 */
async function loadFieldsDirectly(db: Database, path: string, inPlace: boolean): Promise<OcdsLoadSummary | null> {
  const lines = countLines(path);
  const file = basename(path);
  // In place, the read fields are the database's until dropInPlaceFields: no temp objects, which
  // only this connection would see.
  const shared = inPlace && !(await holdsOcdsReleases(db));
  const kind = shared ? 'table' : 'temp table';
  const read = await readFieldsInFileOrder(db, path, kind);
  // The tables once the read has run: ensureRawSchema loads the contract's schemas (zod) while
  // DuckDB reads, not before (bidwatch indicators, 100k releases: ~80 ms sooner).
  await ensureOcdsTables(db);
  if (read !== (await lines)) {
    await db.run('drop table if exists incoming_ocds_fields');
    return null;
  }
  const unread = await db.query<UnreadLine>(unreadLinesSql('(select rowid + 1 as line, ocid from incoming_ocds_fields)'));
  const deadLetters = await readUnreadLines(path, unread);
  if (deadLetters === null) {
    // Node accepts what DuckDB refused (a number beyond the double range…): the slow path decides.
    await db.run('drop table incoming_ocds_fields');
    return null;
  }
  await db.run(`create or replace ${kind} incoming_ocds_skipped (line bigint)`);
  await appendColumns(db, 'incoming_ocds_skipped', [BIGINT], [unread.map((row) => BigInt(row.line))]);
  const keptLines = `where ocid is not null ${unread.length > 0 ? 'and rowid + 1 not in (select line from incoming_ocds_skipped)' : ''}`;
  if (shared) {
    // The table ensureOcdsTables made is empty here (nextSeq 0); the view takes its name.
    await db.run('drop table raw_ocds_release_fields');
    await db.run(
      `create view raw_ocds_release_fields as
       select ocid, rowid + 1 as seq, '${file.replace(/'/g, "''")}:' || (rowid + 1) as source, ${ocdsTypedFieldNames.join(', ')}, now() as _loaded_at
       from incoming_ocds_fields
       ${keptLines}`,
    );
    return db.transaction(async () => {
      await bufferDeadLetters(db, deadLetters);
      const deadLettered = await writeDeadLetters(db);
      return { file: path, read, accepted: read - deadLettered, deadLettered, replaced: 0, path: 'duckdb' as const };
    });
  }
  const result = await db.transaction(async () => {
    const base = await nextSeq(db);
    await db.run(
      `insert into raw_ocds_release_fields
       select ocid, $base::bigint + rowid + 1, $file || ':' || (rowid + 1), ${ocdsTypedFieldNames.join(', ')}, now()
       from incoming_ocds_fields
       ${keptLines}`,
      { base, file },
    );
    let replaced = 0;
    if (base > 0) {
      const newOcids = 'select ocid from raw_ocds_release_fields where seq > $base::bigint';
      const [row] = await db.query<{ n: number }>(`select count(*)::double as n from raw_ocds_release_fields where seq <= $base::bigint and ocid in (${newOcids})`, { base });
      replaced = row?.n ?? 0;
      await db.run(`delete from raw_ocds_release_fields where seq <= $base::bigint and ocid in (${newOcids})`, { base });
      await db.run(`delete from raw_ocds_releases where ocid in (${newOcids})`, { base });
    }
    await bufferDeadLetters(db, deadLetters);
    const deadLettered = await writeDeadLetters(db);
    return { file: path, read, accepted: read - deadLettered, deadLettered, replaced, path: 'duckdb' as const };
  });
  await db.run('drop table incoming_ocds_fields');
  await db.run('drop table incoming_ocds_skipped');
  return result;
}

/**
 * Frees the fields of an `inPlace` load (the view and the table under it) once nothing reads them
 * any more (the stg_ocds_* models are built); an empty `raw_ocds_release_fields` table takes the
 * view's place. Does nothing after a load that copied the fields.
 */
export async function dropInPlaceFields(db: Database): Promise<void> {
  const [view] = await db.query<{ n: number }>(
    `select count(*)::double as n from information_schema.tables
     where table_catalog = current_database() and table_schema = 'main' and table_name = 'raw_ocds_release_fields' and table_type = 'VIEW'`,
  );
  if ((view?.n ?? 0) === 0) return;
  await db.run('drop view raw_ocds_release_fields');
  await db.run('drop table if exists incoming_ocds_fields');
  await db.run('drop table if exists incoming_ocds_skipped');
  await ensureOcdsTables(db);
}

/**
 * Reads the paths of ocdsReleaseFields from every line into the table (or temp table)
 * `incoming_ocds_fields`, typed as they are read, in file order (row `rowid` is line `rowid + 1`),
 * and says how many rows it read (-1 when DuckDB gave up). `ocid` is the release's ocid when it is
 * a JSON string, else NULL (also for a line DuckDB could not read).
 */
async function readFieldsInFileOrder(db: Database, path: string, kind: 'table' | 'temp table'): Promise<number> {
  const [setting] = await db.query<{ preserve: boolean }>("select current_setting('preserve_insertion_order') as preserve");
  await db.run('set preserve_insertion_order = true');
  try {
    const [created] = await db.query<{ Count: number | string }>(
      `create or replace ${kind} incoming_ocds_fields as
       select ${typedOcid} as ocid, ${selectTypedFields}
       from read_ndjson(
           $path, columns = ${fieldColumns}, records = true, format = 'newline_delimited',
           ignore_errors = true, maximum_object_size = ${MAX_RELEASE_BYTES}
       )`,
      { path },
    );
    return Number(created?.Count ?? -1);
  } catch {
    return -1;
  } finally {
    await db.run(`set preserve_insertion_order = ${setting?.preserve === false ? 'false' : 'true'}`);
  }
}

/** A line DuckDB read without a string ocid (`ocid` NULL), or a repeat of an ocid first read at `first_line`. */
interface UnreadLine {
  line: number;
  ocid: string | null;
  first_line: number | null;
}

/** The lines (numbered from 1 in `relation`'s `line`) without a string ocid, and the repeats of an ocid after its first line. */
function unreadLinesSql(relation: string): string {
  return `with repeated as (
       select ocid, min(line) as first_line from ${relation} where ocid is not null group by ocid having count(*) > 1
   )

   select incoming.line::double as line, incoming.ocid, repeated.first_line::double as first_line
   from ${relation} as incoming
   left join repeated on repeated.ocid = incoming.ocid
   where incoming.ocid is null or incoming.line > repeated.first_line`;
}

/**
 * The dead letters of the lines DuckDB did not take: each line is read again in Node for its
 * reason and text. NULL when Node accepts a line DuckDB refused (then the line-by-line path decides).
 */
async function readUnreadLines(path: string, unread: UnreadLine[]): Promise<DuckDBValue[][] | null> {
  const file = basename(path);
  const deadLetters: DuckDBValue[][] = [[], [], [], [], [], []];
  if (unread.length === 0) return deadLetters;
  const byLine = new Map(unread.map((row) => [row.line, row]));
  for await (const { line, bytes } of readLinesAt(path, new Set(byLine.keys()))) {
    const row = byLine.get(line)!;
    const item = checkOcdsLine(bytes, `${file}:${line}`);
    if (row.ocid !== null) {
      const raw = item.ok ? item.text : bytes.toString('utf8');
      pushDeadLetter(deadLetters, { ok: false, code: 'ocds_duplicate_ocid', reason: duplicateReason(row.ocid, `${file}:${row.first_line}`), source: `${file}:${line}`, raw, rawBytes: null });
    } else if (item.ok) {
      return null;
    } else {
      pushDeadLetter(deadLetters, item);
    }
  }
  return deadLetters;
}

/** Whether the database holds OCDS releases already (false also before the OCDS tables exist). */
async function holdsOcdsReleases(db: Database): Promise<boolean> {
  const [tables] = await db.query<{ n: number }>(
    `select count(*)::double as n from information_schema.tables
     where table_catalog = current_database() and table_schema = 'main' and table_name in ('raw_ocds_releases', 'raw_ocds_release_fields')`,
  );
  if ((tables?.n ?? 0) === 0) return false;
  // nextSeq reads both tables; loadFieldsDirectly ensures them (the layout too) once it has read.
  if ((tables?.n ?? 0) < 2) await ensureOcdsTables(db);
  return (await nextSeq(db)) > 0;
}

/** The seq after every stored release's: a new load's rows come after all earlier loads. */
async function nextSeq(db: Database): Promise<number> {
  const [row] = await db.query<{ next_seq: number }>(
    `select greatest(
         (select coalesce(max(seq), 0) from raw_ocds_releases),
         (select coalesce(max(seq), 0) from raw_ocds_release_fields))::double as next_seq`,
  );
  return row?.next_seq ?? 0;
}

const duplicateAdvice = '; compiled releases have one line per ocid (individual releases must be compiled first: ocdskit compile)';

function duplicateReason(ocid: string, firstSource: string): string {
  return `ocid ${ocid} already read at ${firstSource}${duplicateAdvice}`;
}

/** Dead letters of this load collect in a temp table, then go to `dead_letters` at once (writeDeadLetters). */
async function bufferDeadLetters(db: Database, rows: DuckDBValue[][]): Promise<void> {
  await db.run(`create or replace temp table incoming_ocds_dead_letters (
    source varchar, record_type varchar, reason_code varchar, reason varchar, raw varchar, raw_bytes blob)`);
  await appendColumns(db, 'incoming_ocds_dead_letters', [VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, BLOB], rows);
}

/** Moves the buffered dead letters into `dead_letters` (a replayed file adds no copies) and says how many this load had. */
async function writeDeadLetters(db: Database): Promise<number> {
  const [dead] = await db.query<{ n: number }>('select count(*)::double as n from incoming_ocds_dead_letters');
  await db.run(`insert into dead_letters
    select incoming.*, now() from incoming_ocds_dead_letters as incoming
    where not exists (
      select 1 from dead_letters as known
      where known.source = incoming.source and known.reason_code = incoming.reason_code
        and known.raw is not distinct from incoming.raw and known.raw_bytes is not distinct from incoming.raw_bytes
    )`);
  await db.run('drop table incoming_ocds_dead_letters');
  return dead?.n ?? 0;
}

async function loadLineByLine(db: Database, path: string, options: LoadOcdsOptions, keepReleases: boolean): Promise<OcdsLoadSummary> {
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
      pushDeadLetter(deadLetters, item);
    }
  }
  await flush();
  await db.run(`create or replace temp table incoming_ocds as
    with read as (select line, try_cast(text as json) as release from incoming_ocds_text)
    ${selectIncoming('read')}`);
  await db.run(`create or replace temp table incoming_ocds_raw as
    select incoming.line, text.text from incoming_ocds as incoming
    inner join incoming_ocds_text as text on text.line = incoming.line
    where incoming.release is null`);
  await db.run('drop table incoming_ocds_text');
  // Package entries are not lines: their sources (`file.json#releases/3`) are kept per item.
  const packageSources = /\.json$/i.test(path) ? [...sources.entries()] : [];
  return mergeIncoming(db, path, { via: 'lines', read, keepReleases, nodeDeadLetters: deadLetters, packageSources });
}

/** `incoming_ocds` from a relation of (line, release as JSON or NULL when unreadable). */
function selectIncoming(relation: string): string {
  return `, extracted as (
       select line, release, json_type(release) as value_type, json_transform(release, ${releaseStructure}) as fields
       from ${relation}
   ),
   unpacked as (
       select line, value_type, release, fields.id as id, fields.date as date, fields.ocid as ocid, ${ocdsReleasePathNames.map((name) => `fields.${name} as ${name}`).join(', ')}
       from extracted
   )
   select line, value_type, release, id, date, ocid, ${selectTypedFields}
   from unpacked`;
}

function pushDeadLetter(deadLetters: DuckDBValue[][], item: Extract<OcdsReadItem, { ok: false }>): void {
  const bytes = item.rawBytes ? new DuckDBBlobValue(item.rawBytes) : null;
  [item.source, ocdsRecordType, item.code, item.reason, item.raw, bytes].forEach((v, i) => deadLetters[i]!.push(v));
}

/**
 * Checks the incoming rows in SQL (object, string ocid, ocid unique in the load, DuckDB accepts
 * the JSON), then replaces stored releases with the same ocid and writes rows and dead letters
 * in one transaction.
 */
async function mergeIncoming(
  db: Database,
  path: string,
  load: {
    via: 'duckdb' | 'lines';
    read: number;
    keepReleases: boolean;
    nodeDeadLetters?: DuckDBValue[][];
    packageSources?: [number, string][];
  },
): Promise<OcdsLoadSummary> {
  const file = basename(path);
  const packageSources = load.packageSources ?? [];
  await db.run(`create or replace temp table incoming_ocds_sources (line bigint, source varchar)`);
  if (packageSources.length > 0) {
    await appendColumns(db, 'incoming_ocds_sources', [BIGINT, VARCHAR], [packageSources.map(([l]) => BigInt(l)), packageSources.map(([, s]) => s)]);
  }
  await bufferDeadLetters(db, load.nodeDeadLetters ?? [[], [], [], [], [], []]);

  // Verdicts on the narrow columns only; the releases' text is touched once, by the final insert.
  await db.run(
    `create or replace temp table checked_ocds as
     with typed as (
         select
             incoming.line,
             coalesce(sources.source, $file || ':' || incoming.line) as source,
             case
                 when incoming.value_type is null then 'bad_json'
                 when json_type(incoming.ocid) = 'VARCHAR' then 'ok'
                 when incoming.value_type <> 'OBJECT' then 'not_object'
                 else 'ocds_no_ocid'
             end as verdict,
             case when json_type(incoming.ocid) = 'VARCHAR' then incoming.ocid ->> '$' end as ocid,
             case when json_type(incoming.id) = 'VARCHAR' then incoming.id ->> '$' end as release_id,
             case when json_type(incoming.date) = 'VARCHAR' then incoming.date ->> '$' end as release_date
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
    const [replacedRow] = await db.query<{ n: number }>(
      `select count(*)::double as n from raw_ocds_release_fields where ocid in (select ocid from checked_ocds where outcome = 'ok')`,
    );
    if ((replacedRow?.n ?? 0) > 0) {
      await db.run(`delete from raw_ocds_releases where ocid in (select ocid from checked_ocds where outcome = 'ok')`);
      await db.run(`delete from raw_ocds_release_fields where ocid in (select ocid from checked_ocds where outcome = 'ok')`);
    }
    const seqBase = { next_seq: await nextSeq(db) };
    if (load.keepReleases) {
      await db.run(
        `insert into raw_ocds_releases
         select checked.ocid, incoming.release, checked.source, $next_seq + checked.line, checked.release_id, checked.release_date, now()
         from checked_ocds as checked
         inner join incoming_ocds as incoming on incoming.line = checked.line
         where checked.outcome = 'ok'
         order by checked.line`,
        seqBase,
      );
    }
    await db.run(
      `insert into raw_ocds_release_fields
       select checked.ocid, $next_seq + checked.line, checked.source, ${ocdsTypedFieldNames.map((name) => `incoming.${name}`).join(', ')}, now()
       from checked_ocds as checked
       inner join incoming_ocds as incoming on incoming.line = checked.line
       where checked.outcome = 'ok'
       order by checked.line`,
      seqBase,
    );
    await db.run(
      `insert into incoming_ocds_dead_letters
       select checked.source, $record_type, checked.outcome,
              case checked.outcome
                  when 'ocds_duplicate_ocid' then 'ocid ' || checked.ocid || ' already read at ' || $file || ':' || checked.first_line || $duplicate_advice
                  when 'bad_json' then 'not JSON DuckDB can read (e.g. a number beyond the double range)'
                  when 'not_object' then 'expected a release (a JSON object), got '
                       || case incoming.value_type when 'ARRAY' then 'an array' when 'NULL' then 'null' else 'a ' || lower(incoming.value_type) end
                  else 'release has no string ocid; OCDS requires one'
              end,
              coalesce(incoming.release::varchar, text.text), null
       from checked_ocds as checked
       inner join incoming_ocds as incoming on incoming.line = checked.line
       left join incoming_ocds_raw as text on text.line = checked.line
       where checked.outcome <> 'ok'`,
      { record_type: ocdsRecordType, file, duplicate_advice: duplicateAdvice },
    );
    const deadLettered = await writeDeadLetters(db);
    await db.run('drop table incoming_ocds');
    await db.run('drop table checked_ocds');
    await db.run('drop table incoming_ocds_raw');
    return { file: path, read: load.read, accepted: load.read - deadLettered, deadLettered, replaced: replacedRow?.n ?? 0, path: load.via };
  });
}

/**
 * Lines as DuckDB's NDJSON reader sees them: a final line without "\n" still counts. Read in
 * 16 MB slices into one buffer (no stream allocations): this runs beside DuckDB's own read.
 */
async function countLines(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 24);
    let lines = 0;
    let last = 0x0a;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const slice = bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
      for (let at = slice.indexOf(0x0a); at !== -1; at = slice.indexOf(0x0a, at + 1)) lines++;
      last = slice[bytesRead - 1]!;
    }
    return last === 0x0a ? lines : lines + 1;
  } finally {
    await handle.close();
  }
}

/** The lines with the given numbers, split as DuckDB's NDJSON reader splits them (at "\n", a final "\r" dropped). */
async function* readLinesAt(path: string, wanted: Set<number>): AsyncGenerator<{ line: number; bytes: Buffer }> {
  let line = 1;
  let carry: Buffer[] = [];
  const finish = (piece: Buffer) => {
    const bytes = carry.length > 0 ? Buffer.concat([...carry, piece]) : Buffer.from(piece);
    carry = [];
    return bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, start)) {
      if (wanted.has(line)) yield { line, bytes: finish(chunk.subarray(start, at)) };
      else carry = [];
      line++;
      start = at + 1;
    }
    if (wanted.has(line)) carry.push(Buffer.from(chunk.subarray(start)));
  }
  if (carry.length > 0 && wanted.has(line)) yield { line, bytes: finish(Buffer.alloc(0)) };
}
