import type { Database } from '../../db/Database.ts';
import { settleAll } from '../../db/settleAll.ts';
import type { CardinalCode, CardinalSettings } from './CardinalSettings.ts';
import type { CardinalIndicator, IndicatorOutput } from './OcdsIndicator.ts';
import { mainCurrencyOf, prepareOcdsReleases, useOcdsPreparation } from './prepareOcdsReleases.ts';
import { buildModelTables, checkModels, ensureModelInputs } from '../../analytics/buildModels.ts';
import type { Model } from '../../analytics/parseModel.ts';
import { withRawWriteSettings } from '../../ingest/sql/withRawWriteSettings.ts';

/**
 * Each indicator's share of the work, for splitting them between connections: milliseconds on one
 * thread for 100k generated releases (scratch timing of each indicator alone on its prepared
 * tables, the lanes' setting; medians of 2026-12-08). R024 and R058 read the same bid ratios (a
 * temp table and `shared`), so they go together.
 */
const relativeCost: Partial<Record<CardinalCode, number>> = {
  R003: 59,
  R018: 8,
  R024: 128,
  R025: 94,
  R028: 122,
  R030: 34,
  R035: 135,
  R036: 53,
  R038: 99,
  R048: 45,
  R058: 20,
};

/** Indicators that must share a connection: R058 reuses R024's bid ratios. */
const sameLane: Partial<Record<CardinalCode, CardinalCode>> = { R058: 'R024' };

/** The largest staging model (on 100k releases 0.19 s of the three models' 0.3 s): it builds alone on a second connection. */
const LARGEST_MODEL = 'stg_ocds_bids';

export interface ComputeOptions {
  maps: boolean;
  /** Other connections to the same database (Database.connectAgain), sharing the work. */
  connections?: readonly Database[];
  /**
   * Models to build first (the stg_ocds_* models, which read only raw_ocds_release_fields), checked
   * once the indicators are computed; without them the models must be built already.
   */
  models?: readonly Model[];
  /** Runs once the models are built, before the indicators (`bidwatch indicators` frees the fields the models read). */
  afterModels?: () => Promise<void>;
}

/**
 * Computes the enabled indicators (those with a section in the settings) over the stg_ocds_*
 * models, and returns them in Cardinal's order.
 *
 * The work runs in two steps, each shared between `db` and the other `connections` (DuckDB scans a
 * table of up to 122,880 rows on one thread, so on small files one connection left a core idle):
 * 1. the models, if given, and the preparation (prepareOcdsReleases, once, in tables every
 *    connection sees): with a second connection, it builds stg_ocds_bids while the first builds the
 *    release-level models and prepares the releases from them;
 * 2. the indicators, split between the connections by their cost, each connection with its own
 *    names for the prepared tables (useOcdsPreparation) and its own temp tables; then the models'
 *    invariants (analytics/buildModels.ts, checkModels), which fail the computation if broken.
 * The results are those of one connection: an indicator reads only the models, the prepared tables
 * and its own connection's temp tables (docs/cardinal-semantics.md, "bidwatch's path").
 *
 * @example
 * const outputs = await computeCardinalIndicators(db, settings, ocdsIndicators, { maps: false });
 */
export async function computeCardinalIndicators(
  db: Database,
  settings: CardinalSettings,
  indicators: readonly CardinalIndicator[],
  options: ComputeOptions = { maps: true },
): Promise<Map<CardinalCode, IndicatorOutput>> {
  const enabled = indicators.filter((indicator) => settings.indicators[indicator.code] !== undefined);
  const lanes = splitIntoLanes(enabled, 1 + (options.connections?.length ?? 0));
  // A connection per lane (at least one, for the main currency), and a second for the models.
  const models = options.models ?? [];
  const connections = [db, ...(options.connections ?? [])].slice(0, Math.max(1, lanes.length, models.length > 0 ? 2 : 0));
  if (models.length > 0) await ensureModelInputs(db);
  const second = connections[1];
  const onSecond = second ? models.filter((model) => model.name === LARGEST_MODEL) : [];
  const onFirst = models.filter((model) => !onSecond.includes(model));
  await withRawWriteSettings(db, () =>
    settleAll([
      buildModelTables(db, onFirst).then(() => prepareOcdsReleases(db, settings)),
      ...(second && onSecond.length > 0 ? [buildModelTables(second, onSecond).then(() => undefined)] : []),
    ]),
  );
  if (options.afterModels) await options.afterModels();
  await settleAll(connections.map((connection) => useOcdsPreparation(connection)));
  const mainCurrency = await mainCurrencyOf(db, settings);
  const outputs = new Map<CardinalCode, IndicatorOutput>();
  await settleAll(
    lanes.map(async (lane, index) => {
      const shared = new Map<string, unknown>();
      for (const indicator of lane) {
        const own = settings.indicators[indicator.code]!;
        outputs.set(indicator.code, await indicator.compute({ db: connections[index]!, settings, own, mainCurrency, shared, maps: options.maps }));
      }
    }),
  );
  if (models.length > 0) await checkModels(connections, models);
  return new Map(enabled.map((indicator) => [indicator.code, outputs.get(indicator.code)!]));
}

/**
 * The indicators in `count` lanes of about equal cost (the costliest first, each to the lightest
 * lane), an indicator and the one it shares work with in one lane, each lane in Cardinal's order.
 */
function splitIntoLanes(indicators: readonly CardinalIndicator[], count: number): CardinalIndicator[][] {
  const groups = new Map<CardinalCode, CardinalIndicator[]>();
  for (const indicator of indicators) {
    const lead = sameLane[indicator.code] !== undefined && indicators.some((other) => other.code === sameLane[indicator.code]) ? sameLane[indicator.code]! : indicator.code;
    groups.set(lead, [...(groups.get(lead) ?? []), indicator]);
  }
  const costOf = (group: CardinalIndicator[]) => group.reduce((sum, indicator) => sum + (relativeCost[indicator.code] ?? 100), 0);
  const lanes = Array.from({ length: count }, () => ({ cost: 0, indicators: [] as CardinalIndicator[] }));
  for (const group of [...groups.values()].sort((a, b) => costOf(b) - costOf(a))) {
    const lightest = lanes.reduce((best, lane) => (lane.cost < best.cost ? lane : best));
    lightest.indicators.push(...group);
    lightest.cost += costOf(group);
  }
  const order = new Map(indicators.map((indicator, index) => [indicator.code, index]));
  return lanes.map((lane) => lane.indicators.sort((a, b) => order.get(a.code)! - order.get(b.code)!)).filter((lane) => lane.length > 0);
}
