import { fileURLToPath } from 'node:url';
import type { Database } from '../db/Database.ts';
import { buildModels, loadModels, type BuildResult } from '../analytics/buildModels.ts';
import type { Model } from '../analytics/parseModel.ts';
import { ensureResultTables } from './ensureResultTables.ts';

const resultModelsDirectory = fileURLToPath(new URL('./models/', import.meta.url));

/** The analyst views over a scan's results (`v_flags`, `v_tender_screens`, `v_leads`). */
export const loadResultModels = (): Model[] => loadModels(resultModelsDirectory);

/**
 * Builds the analyst views over what the rules and the lead stage wrote, after both have run,
 * and checks their invariants: the stage after the rules, so no view reads a half-written result.
 */
export async function buildResultViews(db: Database): Promise<BuildResult> {
  await ensureResultTables(db);
  return buildModels(db, loadResultModels());
}
