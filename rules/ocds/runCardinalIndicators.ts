import { readFileSync } from 'node:fs';
import type { Database } from '../../db/Database.ts';
import { buildModels, loadModels } from '../../analytics/buildModels.ts';
import type { CardinalSettings } from './CardinalSettings.ts';
import { computeCardinalIndicators } from './computeCardinalIndicators.ts';
import { ocdsRules } from './index.ts';
import type { IndicatorOutput } from './OcdsIndicator.ts';
import { writeCardinalJson, type CardinalJson } from './writeCardinalJson.ts';

const submittedTenderersSql = readFileSync(new URL('./submittedTenderers.sql', import.meta.url), 'utf8');

/**
 * Builds the stg_ocds_* models (with their checks) over `raw_ocds_release_fields`, on `alongside`
 * connections too (they read only that table, not one another); says how many releases they hold.
 */
export async function buildOcdsModels(db: Database, alongside: readonly Database[] = []): Promise<{ releases: number }> {
  const built = await buildModels(db, loadModels().filter((model) => model.name.startsWith('stg_ocds_')), { alongside });
  return { releases: built.models.find((model) => model.name === 'stg_ocds_releases')?.rows ?? 0 };
}

/**
 * `bidwatch indicators`: builds the OCDS staging models over `raw_ocds_release_fields` (unless
 * `modelsBuilt`: buildOcdsModels ran already), computes the
 * indicators the settings enable, and writes Cardinal's JSON (with `--no-meta` / `--map`).
 *
 * @example
 * const { text } = await runCardinalIndicators(db, parseCardinalSettings(ini), { meta: true, map: false });
 */
export async function runCardinalIndicators(
  db: Database,
  settings: CardinalSettings,
  options: { meta: boolean; map: boolean; modelsBuilt?: boolean; connections?: readonly Database[] },
): Promise<CardinalJson & { warnings: string[] }> {
  if (!options.modelsBuilt) await buildOcdsModels(db, options.connections);
  const outputs = await computeCardinalIndicators(db, settings, ocdsRules.map((rule) => rule.cardinal), { maps: options.map, connections: options.connections });
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
