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
export async function buildModels(db: Database, models = loadModels()): Promise<BuildResult> {
  await ensureModelInputs(db);
  // The marts are written like the raw tables, without FSST and dictionary string compression: each is
  // written once per scan and read by many rules and the reports. 1M bids: mart_bids 9.6 → 6.0 CPU s to
  // write, and an aggregate over it 0.10 → 0.04 (bench/profileScan.ts); the price is disk.
  const { built, skipped } = await withRawWriteSettings(db, () => buildModelTables(db, models));
  // The checks run once every model is built: a relationship reads another model.
  const checks = await checkModels([db], models);
  return { models: built, checks, skipped };
}

/** Creates the tables models read when they are missing (the OCDS staging models then build, empty, when no OCDS was loaded). */
export async function ensureModelInputs(db: Database): Promise<void> {
  await ensureRawSchema(db);
  await ensureOcdsTables(db);
}

/**
 * Builds `models` in their order on one connection, skipping those whose `-- requires:` relations
 * do not exist; their invariants are checkModels' to run, once every model they name is built.
 */
export async function buildModelTables(connection: Database, models: readonly Model[]): Promise<{ built: BuildResult['models']; skipped: string[] }> {
  const built: BuildResult['models'] = [];
  const skipped: string[] = [];
  for (const model of models) {
    if (!(await relationsExist(connection, model.requires))) {
      skipped.push(model.name);
      continue;
    }
    const kind = model.materialized === 'table' ? 'table' : 'view';
    await connection.run(`create or replace ${kind} ${model.name} as\n${model.sql}`);
    const [count] = await connection.query<{ n: number }>(`select count(*)::bigint::double as n from ${model.name}`);
    built.push({ name: model.name, materialized: model.materialized, rows: count?.n ?? 0 });
  }
  return { built, skipped };
}

/**
 * Runs every declared invariant of `models`, shared between `connections` (each check to the least
 * loaded one, weighed by its model's rows: a check scans its model), and throws ModelCheckError
 * listing every failure in model order; says how many checks ran.
 */
export async function checkModels(connections: readonly Database[], models: readonly Model[]): Promise<number> {
  const queries = models.flatMap((model) => invariantQueries(model).map((sql) => ({ model: model.name, ...sql })));
  const shares: number[][] = connections.map(() => []);
  if (connections.length === 1) shares[0] = queries.map((_, index) => index);
  else {
    const rows = new Map<string, number>();
    for (const model of models) {
      const [count] = await connections[0]!.query<{ n: number }>(`select count(*)::double as n from ${model.name}`);
      rows.set(model.name, count?.n ?? 0);
    }
    const load = connections.map(() => 0);
    const byCost = queries.map((sql, index) => ({ index, cost: rows.get(sql.model) ?? 0 })).sort((a, b) => b.cost - a.cost || a.index - b.index);
    for (const { index, cost } of byCost) {
      const lightest = load.indexOf(Math.min(...load));
      shares[lightest]!.push(index);
      load[lightest]! += cost;
    }
  }
  const failingPerQuery: ModelCheckError['failures'][] = queries.map(() => []);
  await settleAll(
    connections.map(async (connection, lane) => {
      for (const index of shares[lane]!) {
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
  return queries.reduce((sum, sql) => sum + sql.checks.length, 0);
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
