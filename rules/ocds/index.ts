import { readdirSync } from 'node:fs';
import type { OcdsRule } from './defineOcdsRule.ts';

/**
 * The ocds family: Cardinal 0.0.8's indicators, in its order (R003 … R058): every folder under
 * rules/ocds/, the same rules the registry lists (registry.generated.ts; test/ocds.rulesIndex.test.ts
 * checks they agree). Imported from the folders rather than through the registry, so that
 * `bidwatch indicators` does not load every other family's rules (~0.4 s of its start-up).
 */
const folders = readdirSync(new URL('./', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && /^R\d{3}-/.test(entry.name))
  .map((entry) => entry.name)
  .sort();

export const ocdsRules: OcdsRule[] = await Promise.all(
  folders.map(async (folder) => ((await import(`./${folder}/rule.ts`)) as { rule: OcdsRule }).rule),
);
