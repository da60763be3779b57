import type { Database } from '../../db/Database.ts';
import type { CardinalCode, CardinalSettings } from './CardinalSettings.ts';
import type { CardinalIndicator, IndicatorOutput } from './OcdsIndicator.ts';
import { prepareOcdsReleases } from './prepareOcdsReleases.ts';

/**
 * Computes the enabled indicators (those with a section in the settings) over the stg_ocds_*
 * models, in Cardinal's order. The models must be built (analytics/buildModels.ts).
 *
 * @example
 * const outputs = await computeCardinalIndicators(db, settings, ocdsIndicators);
 */
export async function computeCardinalIndicators(
  db: Database,
  settings: CardinalSettings,
  indicators: readonly CardinalIndicator[],
  options: { maps: boolean } = { maps: true },
): Promise<Map<CardinalCode, IndicatorOutput>> {
  const mainCurrency = await prepareOcdsReleases(db, settings);
  const shared = new Map<string, unknown>();
  const outputs = new Map<CardinalCode, IndicatorOutput>();
  for (const indicator of indicators) {
    const own = settings.indicators[indicator.code];
    if (own === undefined) continue;
    outputs.set(indicator.code, await indicator.compute({ db, settings, own, mainCurrency, shared, maps: options.maps }));
  }
  return outputs;
}
