import { readFileSync } from 'node:fs';
import type { Database } from '../../db/Database.ts';
import { loadModels } from '../../analytics/buildModels.ts';
import type { Model } from '../../analytics/parseModel.ts';
import type { CardinalSettings } from './CardinalSettings.ts';
import { computeCardinalIndicators } from './computeCardinalIndicators.ts';
import { ocdsRules } from './index.ts';
import type { IndicatorOutput } from './OcdsIndicator.ts';
import { writeCardinalJson, type CardinalJson } from './writeCardinalJson.ts';

const submittedTenderersSql = readFileSync(new URL('./submittedTenderers.sql', import.meta.url), 'utf8');

/** The stg_ocds_* models, over `raw_ocds_release_fields`, in build order. */
export function ocdsModels(): Model[] {
  return loadModels().filter((model) => model.name.startsWith('stg_ocds_'));
}

/**
 * `bidwatch indicators`: builds the OCDS staging models over `raw_ocds_release_fields`, computes
 * the indicators the settings enable, with `connections` sharing the work
 * (computeCardinalIndicators), and writes Cardinal's JSON (with `--no-meta` / `--map`).
 *
 * @example
 * const { text } = await runCardinalIndicators(db, parseCardinalSettings(ini), { meta: true, map: false });
 */
export async function runCardinalIndicators(
  db: Database,
  settings: CardinalSettings,
  options: { meta: boolean; map: boolean; connections?: readonly Database[]; afterModels?: () => Promise<void> },
): Promise<CardinalJson & { warnings: string[] }> {
  const outputs = await computeCardinalIndicators(db, settings, ocdsRules.map((rule) => rule.cardinal), {
    maps: options.map,
    connections: options.connections,
    models: ocdsModels(),
    afterModels: options.afterModels,
  });
  // Cardinal fills `ocid_tenderer` (every submitted bid's tenderers) when R025, R038 or R048 runs.
  const enabled = settings.indicators;
  const extraMaps: IndicatorOutput['maps'] = [];
  if (options.map && (enabled.R025 || enabled.R038 || enabled.R048)) {
    for (const row of await db.query<{ ocid: string; tenderer_ids: string[] }>(submittedTenderersSql)) {
      extraMaps.push({ field: 'ocid_tenderer', ocid: row.ocid, ids: row.tenderer_ids });
    }
  }
  const written = writeCardinalJson(outputs, options, extraMaps);
  return { ...written, warnings: [...outputs.values()].flatMap((output) => output.warnings) };
}
