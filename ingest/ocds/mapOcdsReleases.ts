import type { Database } from '../../db/Database.ts';
import type { RecordType } from '../../db/recordSchemas.ts';
import { RecordLoader, addOutcome, emptyOutcome, type BatchOutcome } from '../RecordLoader.ts';
import type { IncomingRecord } from '../validateRecord.ts';
import { SqlRecordLoader } from '../sql/SqlRecordLoader.ts';
import { BIGINT, INTEGER, VARCHAR, type DuckDBValue } from '@duckdb/node-api';
import { appendColumns } from '../../db/appendColumns.ts';
import { ensureOcdsTables, ocdsRecordType } from './ensureOcdsTables.ts';
import { emptyOcdsMappingCounts, mapOcdsRelease, type OcdsMappedRecords, type OcdsMappingCounts } from './mapOcdsRelease.ts';
import { mapThenLoadInLanes } from './mapThenLoadInLanes.ts';
import { ocdsMappingStatements, ocdsMappingTables, ocdsTypedRecords } from './ocdsMappingSql.ts';

/** The record types an OCDS release maps to, in the contract's load order. */
const mappedTypes = ['companies', 'projects', 'tenders', 'bids', 'awards', 'contracts'] as const satisfies readonly (keyof OcdsMappedRecords)[];

export interface OcdsMappingSummary {
  /** Releases read from raw_ocds_releases: read = mapped + deadLettered. */
  releases: { read: number; mapped: number; deadLettered: number };
  /** The contract records made from them, per type, as every load reports them (read = accepted + dead-lettered). */
  records: Record<(typeof mappedTypes)[number], BatchOutcome>;
  counts: OcdsMappingCounts;
}

export interface MapOcdsReleasesOptions {
  /** Map only releases loaded after this `seq` (the ones a load just added); default: all. */
  afterSeq?: number;
  /** Releases per batch (default 10,000 with the `js` engine, SQL_BATCH with the others). */
  batchSize?: number;
  /**
   * `sql` (default): DuckDB maps the releases it can map with certainty (ocdsMappingSql.ts) and
   * the records go through the contract's SQL check; mapOcdsRelease.ts maps the rest. `js`: every
   * release through mapOcdsRelease.ts and validateRecord, the reference the tests compare with
   * (also `BIDWATCH_OCDS_MAPPER=js`). `js-lines`: mapOcdsRelease.ts for every release, the
   * records checked as in `sql` (to measure the two halves apart).
   */
  engine?: 'sql' | 'js' | 'js-lines';
  /** Filled with how many releases each way took (tests, bench). */
  paths?: { sql: number; javaScript: number };
}

/**
 * Maps the releases in `raw_ocds_releases` into the raw tables of the record contract (through
 * the same check and upsert as every other input) and dead-letters each release that cannot be
 * mapped, with its reason. The mapping is mapOcdsRelease.ts, its table docs/ocds-mapping.md; the
 * default engine runs it in SQL where it can (mapInSql below, docs/ocds-mapping.md "How it runs").
 *
 * @example
 * const before = await maxOcdsSeq(db);
 * await loadOcdsReleases(db, 'releases.jsonl');
 * const summary = await mapOcdsReleases(db, { afterSeq: before });
 */
export async function mapOcdsReleases(db: Database, options: MapOcdsReleasesOptions = {}): Promise<OcdsMappingSummary> {
  const engine = options.engine ?? (process.env.BIDWATCH_OCDS_MAPPER as MapOcdsReleasesOptions['engine']) ?? 'sql';
  if (engine !== 'js') return mapInSql(db, options, engine);
  const batchSize = options.batchSize ?? 10_000;
  await ensureOcdsTables(db);
  const loader = await RecordLoader.create(db);
  const summary: OcdsMappingSummary = {
    releases: { read: 0, mapped: 0, deadLettered: 0 },
    records: Object.fromEntries(mappedTypes.map((type) => [type, emptyOutcome()])) as OcdsMappingSummary['records'],
    counts: emptyOcdsMappingCounts(),
  };
  // A company on record from another source (the registry's companies.jsonl: legal representative,
  // shareholders, qualifications) is not replaced by the little a release says about it.
  const registryCompanies = new Set(
    (await db.query<{ id: string }>(`select id from raw_companies where _extra ->> '$.ocid' is null`)).map((row) => row.id),
  );
  let afterSeq = options.afterSeq ?? -1;
  for (;;) {
    const rows = await db.query<{ seq: bigint | number; release: string; source: string }>(
      `select seq, release::varchar as release, source from raw_ocds_releases where seq > $after order by seq limit $limit`,
      { after: afterSeq, limit: batchSize },
    );
    if (rows.length === 0) break;
    afterSeq = Number(rows[rows.length - 1]!.seq);
    if (options.paths) options.paths.javaScript += rows.length;
    const incoming = Object.fromEntries(mappedTypes.map((type) => [type, [] as IncomingRecord[]])) as Record<RecordType, IncomingRecord[]>;
    for (const row of rows) {
      summary.releases.read += 1;
      const records = await mapOneRelease(db, row, summary);
      if (!records) continue;
      for (const type of mappedTypes) {
        for (const record of records[type]) {
          if (type === 'companies' && registryCompanies.has(record.id as string)) {
            summary.counts.companiesOnRecord += 1;
            continue;
          }
          incoming[type].push({ raw: JSON.stringify(record), source: `${row.source}#${type}` });
        }
      }
    }
    for (const type of mappedTypes) {
      if (incoming[type].length > 0) addOutcome(summary.records[type], await loader.loadBatch(type, incoming[type]));
    }
  }
  return summary;
}

/**
 * Releases per SQL batch. Each batch costs about 0.45 CPU s whatever its size (planning the
 * mapping's and the record check's large statements, a commit per type): on 100k releases the
 * mapping took 42.0 CPU s in batches of 10k and 34.8 in batches of 50k, for 2.37 against 2.66 GB
 * peak RSS (DuckDB's buffer pool is capped, BIDWATCH_MEMORY_LIMIT; its temp tables spill beyond).
 */
const SQL_BATCH = 25_000;

/** Record types in the contract's load order (companies before the records naming them). */
const loadOrder = mappedTypes;

/**
 * The SQL engine: per batch of releases (by seq), ocdsMappingStatements() maps the releases it is
 * sure of into typed records (tenders, bids, awards that pass the contract's remaining checks:
 * ocdsTypedRecords) and JSON lines (companies, and records that fail a check), and names their
 * dead letters; mapOcdsRelease maps the others, whose records join the same lines in release
 * order; then each type's lines go through SqlRecordLoader (the contract's SQL check,
 * validateRecord for what it leaves) in one batch with its typed records, numbered together, so
 * the raw tables, dead letters and upsert order are the JavaScript engine's.
 *
 * Two lanes (mapThenLoadInLanes.ts), each its own connection with its own temp tables: while one
 * lane loads its batch's records, the other maps the next batch. A batch's mapping reads only raw_ocds_releases and its
 * lane's temp tables (and appends dead letters), so it can run beside another batch's load; the
 * loads themselves run one at a time, in seq order, so the upserts are those of one lane. Each
 * lane's statements run on one thread (below), so the two lanes keep both cores busy where one
 * lane left the second idle (docs/ocds-mapping.md, "Speed").
 */
async function mapInSql(db: Database, options: MapOcdsReleasesOptions, engine: 'sql' | 'js-lines'): Promise<OcdsMappingSummary> {
  const batchSize = options.batchSize ?? SQL_BATCH;
  await ensureOcdsTables(db);
  const summary: OcdsMappingSummary = {
    releases: { read: 0, mapped: 0, deadLettered: 0 },
    records: Object.fromEntries(mappedTypes.map((type) => [type, emptyOutcome()])) as OcdsMappingSummary['records'],
    counts: emptyOcdsMappingCounts(),
  };
  const batches = await batchBounds(db, options.afterSeq ?? -1, batchSize);
  // The mapping's string work scales badly across threads (on 10k releases, CPU on one thread against
  // two: 5.8 s against 6.9 s, and 6.4 s against 11.2 s under load, for about the same wall time on a
  // shared 2-core machine): one thread per statement, restored afterwards; the lanes use the cores.
  const [setting] = await db.query<{ threads: number }>(`select current_setting('threads')::integer as threads`);
  const threads = setting?.threads ?? 1;
  await db.run('set threads = 1');
  const lanes: MappingLane[] = [];
  try {
    for (let index = 0; index < Math.min(2, batches.length); index += 1) {
      const connection = index === 0 ? db : await db.connectAgain();
      // One after the other: two creates at once conflict in DuckDB's catalog.
      const loader = await SqlRecordLoader.create(connection);
      // A company on record from another source (the registry) is not replaced by a release's party
      // (as in the JS engine). Read before any batch loads, so every lane sees the same registry.
      await connection.run(`create or replace temp table ocds_m_registry as select id from raw_companies where _extra ->> '$.ocid' is null`);
      lanes.push({ connection, loader });
    }
    const statements = ocdsMappingStatements();
    await mapThenLoadInLanes(
      batches,
      lanes,
      (lane, batch) => mapBatch(lane.connection, statements, batch, engine, options, summary),
      (lane) => loadBatch(lane.connection, lane.loader, summary),
    );
  } finally {
    for (const lane of lanes) {
      await lane.loader.clearLines();
      for (const table of [...ocdsMappingTables, 'ocds_m_registry', 'ocds_m_others', ...loadOrder.map(typedTable)]) await lane.connection.run(`drop table if exists ${table}`);
      if (lane.connection !== db) lane.connection.close();
    }
    await db.run(`set threads = ${threads}`);
  }
  return summary;
}

/** One connection mapping and loading every other batch, with its own temp tables and loader. */
interface MappingLane {
  connection: Database;
  loader: SqlRecordLoader;
}

/** A batch of stored releases: seq in (after, upto], n of them. */
interface ReleaseBatch {
  after: number;
  upto: number;
  n: number;
}

/** The batches of `size` releases after seq `after`, in seq order. */
async function batchBounds(db: Database, after: number, size: number): Promise<ReleaseBatch[]> {
  const rows = await db.query<{ upto: number; n: number }>(
    `select max(seq)::double as upto, count(*)::double as n
     from (select seq, (row_number() over (order by seq) - 1) // $size as batch from raw_ocds_releases where seq > $after)
     group by batch
     order by batch`,
    { after, size },
  );
  return rows.map((row, index) => ({ after: index === 0 ? after : rows[index - 1]!.upto, upto: row.upto, n: row.n }));
}

/**
 * A batch's mapping, on its lane's connection: the SQL statements, the dead letters of the releases
 * SQL is sure of, mapOcdsRelease for the others; leaves the records in the lane's temp tables.
 */
async function mapBatch(
  db: Database,
  statements: readonly string[],
  { after, upto, n }: ReleaseBatch,
  engine: 'sql' | 'js-lines',
  options: MapOcdsReleasesOptions,
  summary: OcdsMappingSummary,
): Promise<void> {
  for (const statement of statements) await db.run(statement, statement.includes('$after') ? { after, upto, map_in_sql: engine === 'sql' } : {});
  summary.releases.read += n;

  // Releases SQL is sure of: their dead letters, their counts.
  const [sure] = await db.query<Record<string, number>>(
    `select count(*)::double as sure,
            (count(*) filter (where code is null))::double as mapped,
            coalesce(sum(unknown_methods) filter (where code is null), 0)::double as "unknownMethods",
            coalesce(sum(unknown_categories) filter (where code is null), 0)::double as "unknownCategories",
            coalesce(sum(no_currency) filter (where code is null), 0)::double as "amountsWithoutCurrency",
            coalesce(sum(non_cny) filter (where code is null), 0)::double as "nonCnyAmounts",
            coalesce(sum(unconverted_dates) filter (where code is null), 0)::double as "unconvertedDates",
            coalesce(sum(skipped_bids) filter (where code is null), 0)::double as "skippedBids",
            coalesce(sum(skipped_awards) filter (where code is null), 0)::double as "skippedAwards"
     from ocds_m_release where sure`,
  );
  for (const key of ['unknownMethods', 'unknownCategories', 'amountsWithoutCurrency', 'nonCnyAmounts', 'unconvertedDates', 'skippedBids', 'skippedAwards'] as const) {
    summary.counts[key] += sure?.[key] ?? 0;
  }
  summary.releases.mapped += sure?.mapped ?? 0;
  summary.releases.deadLettered += (sure?.sure ?? 0) - (sure?.mapped ?? 0);
  await db.run(
    `insert into dead_letters (source, record_type, reason_code, reason, raw, raw_bytes, received_at)
     select release.source, $record_type, release.code, release.reason, input.release::varchar, null, now()
     from ocds_m_release as release
     inner join raw_ocds_releases as input on input.seq = release.seq and input.seq > $after and input.seq <= $upto
     where release.sure and release.code is not null
       and not exists (
           select 1 from dead_letters as known
           where known.source = release.source and known.reason_code = release.code and known.raw is not distinct from input.release::varchar
       )`,
    { record_type: ocdsRecordType, after, upto },
  );

  // The others: mapOcdsRelease, as the JS engine does, a few thousand at a time (bounded memory).
  await db.run(
    `create or replace temp table ocds_m_others as
     select input.seq from ocds_m_rel as input
     where input.seq not in (select seq from ocds_m_release where sure)`,
  );
  const [othersCount] = await db.query<{ n: number }>('select count(*)::double as n from ocds_m_others');
  if (options.paths) {
    options.paths.sql += n - (othersCount?.n ?? 0);
    options.paths.javaScript += othersCount?.n ?? 0;
  }
  for (let afterOther = -1; ; ) {
    const others = await db.query<{ seq: number; release: string; source: string }>(
      `select input.seq::double as seq, input.release::varchar as release, input.source
       from raw_ocds_releases as input
       where input.seq in (select seq from ocds_m_others) and input.seq > $after_other and input.seq > $after and input.seq <= $upto
       order by input.seq
       limit ${JS_CHUNK}`,
      { after_other: afterOther, after, upto },
    );
    if (others.length === 0) break;
    afterOther = others[others.length - 1]!.seq;
    await mapInJavaScript(db, others, summary);
  }

  const [onRecord] = await db.query<{ n: number }>(
    `select count(*)::double as n from ocds_m_lines where type = 'companies' and company_id in (select id from ocds_m_registry)`,
  );
  summary.counts.companiesOnRecord += onRecord?.n ?? 0;
  for (const type of loadOrder) await stageTypedRecords(db, type);
}

/**
 * A batch's records of one type, ready for the check: the lines and the typed records, numbered
 * together in release order, with each company line that folds into another marked (FOLDING).
 * Part of the mapping (it reads only the lane's temp tables), so it runs beside another lane's load.
 */
async function stageTypedRecords(db: Database, type: (typeof mappedTypes)[number]): Promise<void> {
  // Records SQL mapped and checked typed (ocdsTypedRecords) sit beside the lines, numbered with them.
  const typedRecords = ocdsTypedRecords[type];
  await db.run(
    `create or replace temp table ${typedTable(type)} as
     with typed as (
         select lines.seq, lines.position, input.source || '#' || lines.type as source, lines.line, lines.content as sql_content, lines.version as sql_version,
                lines.version as version_text, lines.ocid,
                false as is_typed
         from ocds_m_lines as lines
         inner join ocds_m_rel as input on input.seq = lines.seq
         where lines.type = $type
           and (lines.type <> 'companies' or lines.company_id not in (select id from ocds_m_registry))
         ${typedRecords ? `union all by name
         select records.*, input.source || '#' || $type as source, true as is_typed
         from (${typedRecords}) as records
         inner join ocds_m_rel as input on input.seq = records.seq` : ''}
     ),

     grouped as (
         -- ${FOLDING}
         select * exclude (sql_content, sql_version),
                -- SQL's companies come with it; JavaScript's lines are patched (two texts of one company: two groups)
                coalesce(sql_content, case when $type = 'companies' and not contains(line, '\\') and strlen(line) < 100000
                     then json_merge_patch(line, '{"updated_at":null,"ocid":null}')::varchar end) as content,
                coalesce(try_cast(sql_version as timestamptz), case when $type = 'companies' and not contains(line, '\\') and strlen(line) < 100000
                     then try_cast(line ->> '$.updated_at' as timestamptz) end) as version
         from typed
     )

     select *, row_number() over (order by seq, position) as line_order,
            content is not null and version is not null
              and row_number() over (partition by content order by version desc, seq, position) > 1 as folded
     from grouped`,
    { type },
  );
}

/** The temp table stageTypedRecords fills for a type. */
const typedTable = (type: string) => `ocds_m_typed_${type}`;

/** A mapped batch's records through the contract's check and upsert, type by type, on its lane's connection. */
async function loadBatch(db: Database, loader: SqlRecordLoader, summary: OcdsMappingSummary): Promise<void> {
  for (const type of loadOrder) {
    const typed = typedTable(type);
    const [count] = await db.query<{ n: number; folded: number }>(
      `select (count(*) filter (where not folded))::integer as n, (count(*) filter (where folded))::integer as folded from ${typed}`,
    );
    if ((count?.n ?? 0) > 0) addOutcome(summary.records[type], await loadStagedRecords(db, loader, type, count!));
    await db.run(`drop table ${typed}`);
  }
}

/** One type's staged records (stageTypedRecords) through the check and upsert: n lines kept, `folded` folded into them. */
async function loadStagedRecords(db: Database, loader: SqlRecordLoader, type: (typeof mappedTypes)[number], count: { n: number; folded: number }): Promise<BatchOutcome> {
  const typed = typedTable(type);
  const typedRecords = ocdsTypedRecords[type];
  await loader.clearLines();
  await db.run(
    `insert into ${loader.linesTable} (seq, source, raw, msg_key, has_key)
     select line_order::integer, source, ${lineOf('staged')}, null, false from ${typed} as staged where not folded and not is_typed`,
  );
  const outcome = await loader.loadLines(
    type,
    count.n,
    [],
    typedRecords
      ? `select * exclude (seq, position, source, line, content, version, version_text, ocid, is_typed, line_order, folded),
                line_order::integer as seq, true as _fast, source as _source
         from ${typed} where is_typed`
      : undefined,
  );
  if (count.folded > 0) {
    // A folded line is what its group's first line is: accepted (and not newer) with it, or refused with it.
    await loader.clearLines();
    await db.run(
      `insert into ${loader.linesTable} (seq, source, raw, msg_key, has_key)
       select folded.line_order::integer, folded.source, ${lineOf('folded')}, null, false
       from ${typed} as folded
       where folded.folded and folded.content in (
           select kept.content from ${typed} as kept
           where not kept.folded and kept.content is not null
             and exists (select 1 from dead_letters as dead where dead.record_type = $type and dead.source = kept.source and dead.raw = ${lineOf('kept')})
       )`,
      { type },
    );
    const [refused] = await db.query<{ n: number }>(`select count(*)::integer as n from ${loader.linesTable}`);
    const accepted = count.folded - (refused?.n ?? 0);
    addOutcome(outcome, { read: accepted, accepted, inserted: 0, updated: 0, unchanged: accepted, deadLettered: 0 });
    if ((refused?.n ?? 0) > 0) addOutcome(outcome, await loader.loadLines(type, refused!.n, []));
  }
  return outcome;
}

/**
 * Folding: a company appears in many releases, each time as the same record but for `updated_at`
 * (the release's date, valid in every one: the mapping checked it against the same zod format)
 * and `ocid` (an extra field). Such lines have one outcome under the contract, so only the line
 * that would win the upsert (latest version, first seen on ties) is checked and merged; the
 * others count as accepted and unchanged, or, when their group's line was refused, are checked
 * themselves, for their own dead letters. Rows, dead letters and counts stay those of checking
 * every line. Lines with escapes are not folded.
 */
const FOLDING = 'grain: one row per line of one record type; content: the line without updated_at and ocid (companies only)';

/**
 * A line of a typedTable: SQL's companies come without one (most are folded and never need it):
 * their line is made here from the company's content, the release's updated_at and ocid, as
 * mapOcdsRelease writes a company (those two first).
 */
const lineOf = (row: string) =>
  `coalesce(${row}.line, '{"updated_at":' || to_json(${row}.version_text)::varchar || ',"ocid":' || to_json(${row}.ocid)::varchar || ',' || substr(${row}.content, 2))`;

/**
 * One stored release through mapOcdsRelease, for both engines' JavaScript part: a release that cannot be mapped is
 * stored as a dead letter with its reason (null returned); a mapped one adds its counts to the summary.
 */
async function mapOneRelease(db: Database, row: { release: string; source: string }, summary: OcdsMappingSummary): Promise<OcdsMappedRecords | null> {
  const result = mapOcdsRelease(JSON.parse(row.release));
  if (!result.ok) {
    summary.releases.deadLettered += 1;
    await storeDeadLetter(db, row.source, result.code, result.reason, row.release);
    return null;
  }
  summary.releases.mapped += 1;
  for (const key of Object.keys(result.counts) as (keyof OcdsMappingCounts)[]) summary.counts[key] += result.counts[key];
  return result.records;
}

/** Releases mapOcdsReleasesInSql leaves to JavaScript per query: a bound on the heap. */
const JS_CHUNK = 2_000;

/** mapOcdsRelease on releases SQL left: their records join `ocds_m_lines` (release order), their dead letters are stored. */
async function mapInJavaScript(db: Database, rows: readonly { seq: number; release: string; source: string }[], summary: OcdsMappingSummary): Promise<void> {
  const lines: DuckDBValue[][] = [[], [], [], [], [], [], [], []];
  for (const row of rows) {
    const records = await mapOneRelease(db, row, summary);
    if (!records) continue;
    for (const type of mappedTypes) {
      records[type].forEach((record, position) => {
        lines[0]!.push(type);
        lines[1]!.push(BigInt(row.seq));
        lines[2]!.push(position + 1);
        lines[3]!.push(JSON.stringify(record));
        lines[4]!.push(type === 'companies' ? String(record.id) : null);
        lines[5]!.push(null);
        lines[6]!.push(null);
        lines[7]!.push(null);
      });
    }
  }
  await appendColumns(db, 'ocds_m_lines', [VARCHAR, BIGINT, INTEGER, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR], lines);
}

/** Same rule as RecordLoader: a dead letter already on file for this source, reason and text is not stored twice. */
async function storeDeadLetter(db: Database, source: string, code: string, reason: string, raw: string): Promise<void> {
  await db.run(
    `insert into dead_letters (source, record_type, reason_code, reason, raw, raw_bytes, received_at)
     select $source, $record_type, $code, $reason, $raw, null, now()
     where not exists (
         select 1 from dead_letters
         where source = $source and reason_code = $code and raw is not distinct from $raw
     )`,
    { source, record_type: ocdsRecordType, code, reason, raw },
  );
}
