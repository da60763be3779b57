import type { Database } from '../../db/Database.ts';
import { settleAll } from '../../db/settleAll.ts';
import type { CardinalCode, CardinalSettings } from './CardinalSettings.ts';
import type { CardinalIndicator, IndicatorOutput } from './OcdsIndicator.ts';
import { mainCurrencyOf, prepareOcdsReleases } from './prepareOcdsReleases.ts';

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

/**
 * Computes the enabled indicators (those with a section in the settings) over the stg_ocds_*
 * models, and returns them in Cardinal's order. The models must be built (analytics/buildModels.ts).
 *
 * With `connections` (other connections to the same database, as `Database.connectAgain` gives),
 * the indicators are split between them and run at once: each connection prepares its own temp
 * tables (prepareOcdsReleases) and computes its share. Most of an indicator's SQL runs on every
 * core, but not all of it (the JavaScript between statements, single-threaded operators): on 100k
 * releases two connections kept both cores busier (docs/cardinal-semantics.md, "bidwatch's path").
 * The results are those of one connection: an indicator reads only the models and its own
 * connection's temp tables.
 *
 * @example
 * const outputs = await computeCardinalIndicators(db, settings, ocdsIndicators);
 */
export async function computeCardinalIndicators(
  db: Database,
  settings: CardinalSettings,
  indicators: readonly CardinalIndicator[],
  options: { maps: boolean; connections?: readonly Database[] } = { maps: true },
): Promise<Map<CardinalCode, IndicatorOutput>> {
  const enabled = indicators.filter((indicator) => settings.indicators[indicator.code] !== undefined);
  const lanes = splitIntoLanes(enabled, 1 + (options.connections?.length ?? 0));
  // A connection per lane (at least one, for the main currency), each with its own temp tables.
  const connections = [db, ...(options.connections ?? [])].slice(0, Math.max(1, lanes.length));
  await settleAll(connections.map((connection) => prepareOcdsReleases(connection, settings)));
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
