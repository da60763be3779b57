import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../db/Database.ts';
import { ensureRawSchema } from '../ingest/rawSchema.ts';
import { ensureOcdsTables } from '../ingest/ocds/ensureOcdsTables.ts';
import { withRawWriteSettings } from '../ingest/sql/withRawWriteSettings.ts';
import { ModelCheckError } from './ModelCheckError.ts';
import { settleAll } from '../db/settleAll.ts';
import { parseModel, type Model } from './parseModel.ts';

const modelsDirectory = fileURLToPath(new URL('./models/', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));

/**
 * Every model of a folder in build order (file names carry the order: staging 1x–2x, marts 4x–5x,
 * analyst views 9x). `file` is the path from the repository root, e.g. `analytics/models/21_stg_bids.sql`.
 */
export function loadModels(directory = modelsDirectory): Model[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => parseModel(relative(repositoryRoot, join(directory, file)), readFileSync(join(directory, file), 'utf8')));
}

export interface BuildResult {
  models: { name: string; materialized: string; rows: number }[];
  checks: number;
  /** Models not built because a relation they declare in `-- requires:` does not exist yet. */
  skipped: string[];
}

/**
 * Builds every staging view and mart table, then runs every declared invariant and throws
 * `ModelCheckError` listing all failures: a broken model fails loudly, before any rule reads it.
 */
export async function buildModels(db: Database, models = loadModels(), options: BuildOptions = {}): Promise<BuildResult> {
  await ensureRawSchema(db);
  // The OCDS staging models (3x_stg_ocds_*) build, empty, when no OCDS was loaded.
  await ensureOcdsTables(db);
  const connections = [db, ...(options.alongside ?? [])];
  const built = new Map<string, BuildResult['models'][number]>();
  const skipped = new Set<string>();
  // The marts are written like the raw tables, without FSST and dictionary string compression: each is
  // written once per scan and read by many rules and the reports. 1M bids: mart_bids 9.6 → 6.0 CPU s to
  // write, and an aggregate over it 0.10 → 0.04 (bench/profileScan.ts); the price is disk. (A global
  // setting: the connections alongside write the same way.)
  await withRawWriteSettings(db, () =>
    settleAll(
      connections.map(async (connection, lane) => {
        for (let index = lane; index < models.length; index += connections.length) {
          const model = models[index]!;
          if (!(await relationsExist(connection, model.requires))) {
            skipped.add(model.name);
            continue;
          }
          const kind = model.materialized === 'table' ? 'table' : 'view';
          await connection.run(`create or replace ${kind} ${model.name} as\n${model.sql}`);
          const [count] = await connection.query<{ n: number }>(`select count(*)::bigint::double as n from ${model.name}`);
          built.set(model.name, { name: model.name, materialized: model.materialized, rows: count?.n ?? 0 });
        }
      }),
    ),
  );
  // The checks run once every model is built: a relationship reads another model.
  const queries = models.flatMap((model) => invariantQueries(model).map((sql) => ({ model: model.name, ...sql })));
  const failingPerQuery: ModelCheckError['failures'][] = queries.map(() => []);
  await settleAll(
    connections.map(async (connection, lane) => {
      for (let index = lane; index < queries.length; index += connections.length) {
        const sql = queries[index]!;
        const [row] = await connection.query<Record<string, number>>(sql.query);
        for (const check of sql.checks) {
          const failing = row?.[check] ?? 0;
          if (failing > 0) failingPerQuery[index]!.push({ model: sql.model, check, failingRows: failing });
        }
      }
    }),
  );
  const failures = failingPerQuery.flat();
  if (failures.length > 0) throw new ModelCheckError(failures);
  return {
    models: models.flatMap((model) => built.get(model.name) ?? []),
    checks: queries.reduce((sum, sql) => sum + sql.checks.length, 0),
    skipped: models.filter((model) => skipped.has(model.name)).map((model) => model.name),
  };
}

export interface BuildOptions {
  /**
   * More connections to the same database, building models at the same time as `db`: connection
   * k of n builds (and checks) models k, k + n, k + 2n … Only for models that do not read one
   * another, such as the stg_ocds_* models, which all read raw_ocds_release_fields alone. DuckDB
   * scans a table of one row group (up to 122,880 rows) on one thread, so on 100k releases one
   * connection left the second core idle: `bidwatch indicators` builds them on two (see
   * rules/ocds/runCardinalIndicators.ts, buildOcdsModels).
   */
  alongside?: readonly Database[];
}

async function relationsExist(db: Database, names: string[]): Promise<boolean> {
  if (names.length === 0) return true;
  const [row] = await db.query<{ n: number }>(
    `select count(distinct table_name)::double as n from information_schema.tables
     where table_catalog = current_database() and table_schema = 'main' and list_contains($names, table_name)`,
    { names },
  );
  return (row?.n ?? 0) === new Set(names).size;
}

/**
 * The queries that check a model's declared invariants. Each returns one row with one failing-row
 * count per check, named after the check; all not-null checks of a model share one scan, so an
 * expensive view is evaluated once for them, not once per column.
 */
export function invariantQueries(model: Model): { checks: string[]; query: string }[] {
  const queries: { checks: string[]; query: string }[] = [];
  const name = (check: string) => `"${check.replace(/"/g, '""')}"`;
  if (model.unique.length > 0) {
    const key = model.unique.map((c) => `"${c}"`).join(', ');
    const check = `unique(${model.unique.join(', ')})`;
    queries.push({
      checks: [check],
      query: `select count(*)::double as ${name(check)} from (select ${key} from ${model.name} group by ${key} having count(*) > 1)`,
    });
  }
  if (model.notNull.length > 0) {
    const checks = model.notNull.map((column) => `not_null(${column})`);
    queries.push({
      checks,
      query: `select ${model.notNull.map((column, i) => `count(*) filter (where "${column}" is null)::double as ${name(checks[i]!)}`).join(', ')} from ${model.name}`,
    });
  }
  for (const rel of model.relationships) {
    const check = `relationship(${rel.column} -> ${rel.toModel}.${rel.toColumn})`;
    queries.push({
      checks: [check],
      query: `select count(*)::double as ${name(check)} from ${model.name} as child
              where child."${rel.column}" is not null
                and not exists (select 1 from ${rel.toModel} as parent where parent."${rel.toColumn}" = child."${rel.column}")`,
    });
  }
  return queries;
}
