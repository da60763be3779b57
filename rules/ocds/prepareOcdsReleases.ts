import { readFileSync } from 'node:fs';
import type { Database } from '../../db/Database.ts';
import type { CardinalSettings } from './CardinalSettings.ts';

const statementsOf = (file: string) =>
  readFileSync(new URL(file, import.meta.url), 'utf8')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.replace(/^--.*$/gm, '').trim() !== '');
const preparation = statementsOf('./prepareOcdsReleases.sql');
const names = statementsOf('./useOcdsPreparation.sql');
const mainCurrencySql = readFileSync(new URL('./mainCurrency.sql', import.meta.url), 'utf8');

/**
 * Builds the tables every OCDS indicator reads, `ocds_used_releases` and `ocds_award_gates`, from
 * stg_ocds_releases and stg_ocds_awards with the settings' global filters, once: in the attached
 * in-memory database `ocds_prepared`, which every connection to this database sees and which is
 * never written to its file. Each connection that computes indicators then calls
 * useOcdsPreparation. (Temp tables, as before, were a connection's own: with two connections both
 * made them, 0.1 s each on 100k releases.) Does nothing when the tables are already prepared from
 * the same models with the same global settings (the scan's OCDS rules, one after the other).
 *
 * @example
 * await prepareOcdsReleases(db, parseCardinalSettings('[R036]'));
 * await useOcdsPreparation(db);
 */
export async function prepareOcdsReleases(db: Database, settings: CardinalSettings): Promise<void> {
  const parameters = {
    price_comparison_methods: settings.priceComparisonProcurementMethods,
    no_price_comparison_methods: settings.noPriceComparisonProcurementMethods,
    excluded_methods_details: settings.excludedProcurementMethodDetails,
  };
  const [catalog] = await db.query<{ name: string }>('select current_database() as name');
  if (catalog?.name === 'ocds_prepared') {
    // The prepared tables would go into the database file itself, which is named like their catalog.
    throw new Error('a database file named ocds_prepared.* cannot hold OCDS indicators: its name is the one their working tables take; rename the file');
  }
  await db.run(`attach if not exists ':memory:' as ocds_prepared`);
  // A scan computes its eleven OCDS rules one by one with the same global settings: what they read
  // is prepared once (1M releases: ~1.6 s each time). The models are rebuilt with `create or
  // replace`, which gives a table a new oid, so the oids tell whether the preparation is current.
  const [inputs] = await db.query<{ tables: string }>(
    `select string_agg(table_name || ':' || table_oid, ',' order by table_name) as tables from duckdb_tables()
     where database_name = current_database() and schema_name = 'main' and table_name in ('stg_ocds_releases', 'stg_ocds_awards')`,
  );
  const key = JSON.stringify({ tables: inputs?.tables ?? null, ...parameters });
  await db.run('create table if not exists ocds_prepared.preparation (inputs varchar)');
  const [current] = await db.query<{ n: number }>('select count(*)::double as n from ocds_prepared.preparation where inputs = $key', { key });
  if ((current?.n ?? 0) > 0) return;
  for (const statement of preparation) await db.run(statement, parameters);
  await db.run('delete from ocds_prepared.preparation');
  await db.run('insert into ocds_prepared.preparation values ($key)', { key });
}

/**
 * This connection's names for the prepared tables (temp views `ocds_used_releases`,
 * `ocds_award_gates`) and the view `ocds_used_bids` (stg_ocds_bids with the gates), which the
 * indicators' SQL reads. Needs stg_ocds_bids built and prepareOcdsReleases run.
 */
export async function useOcdsPreparation(db: Database): Promise<void> {
  for (const statement of names) await db.run(statement);
}

/**
 * Cardinal's main currency: the `currency` setting, else the first currency met in file order by
 * the passes that check currencies (R024/R058's bid ratios, then R036), when those indicators are
 * enabled. Reads the prepared releases through this connection's names (useOcdsPreparation).
 *
 * @example
 * const mainCurrency = await mainCurrencyOf(db, settings);
 */
export async function mainCurrencyOf(db: Database, settings: CardinalSettings): Promise<string | null> {
  if (settings.currency !== undefined) return settings.currency;
  const enabled = settings.indicators;
  const ratioPass = enabled.R024 !== undefined || enabled.R058 !== undefined;
  const lowestBidPass = enabled.R036 !== undefined;
  if (!ratioPass && !lowestBidPass) return null;
  const [row] = await db.query<{ currency: string }>(mainCurrencySql, { ratio_pass: ratioPass, lowest_bid_pass: lowestBidPass });
  return row?.currency ?? null;
}
