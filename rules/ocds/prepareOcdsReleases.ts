import { readFileSync } from 'node:fs';
import type { Database } from '../../db/Database.ts';
import type { CardinalSettings } from './CardinalSettings.ts';

const statements = readFileSync(new URL('./prepareOcdsReleases.sql', import.meta.url), 'utf8')
  .split(/;\s*$/m)
  .map((s) => s.trim())
  .filter((s) => s.replace(/^--.*$/gm, '').trim() !== '');
const mainCurrencySql = readFileSync(new URL('./mainCurrency.sql', import.meta.url), 'utf8');

/**
 * Builds the temp tables every OCDS indicator reads (`ocds_used_releases`, `ocds_award_gates`, and
 * the view `ocds_used_bids` over them) from the stg_ocds_* models with the settings' global
 * filters, on this connection (temp tables are a connection's own).
 *
 * @example
 * await prepareOcdsReleases(db, parseCardinalSettings('[R036]'));
 */
export async function prepareOcdsReleases(db: Database, settings: CardinalSettings): Promise<void> {
  const parameters = {
    price_comparison_methods: settings.priceComparisonProcurementMethods,
    no_price_comparison_methods: settings.noPriceComparisonProcurementMethods,
    excluded_methods_details: settings.excludedProcurementMethodDetails,
  };
  for (const statement of statements) await db.run(statement, parameters);
}

/**
 * Cardinal's main currency: the `currency` setting, else the first currency met in file order by
 * the passes that check currencies (R024/R058's bid ratios, then R036), when those indicators are
 * enabled. Reads the tables prepareOcdsReleases built on this connection.
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
