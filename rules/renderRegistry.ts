import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { families } from './Rule.ts';

/** A rule folder name: detection code, then a slug (`A1-shared-bid-file-traces`, `E9-example`). */
export const ruleFolderPattern = /^([A-ER])(\d+)-[a-z0-9-]+$/;

/**
 * The text of rules/registry.generated.ts: every folder `rules/<family>/<CODE>-<slug>/` holding
 * a rule.ts, family by family in catalogue order, then by code number. The folders are the one
 * list of rules; `npm run new-rule` and `npx tsx rules/writeRegistry.ts` write this file, and
 * test/rules.registry.test.ts fails when it is out of date with them.
 */
export function renderRegistry(rulesRoot: string): string {
  const folders = families.flatMap((family) => {
    const familyRoot = join(rulesRoot, family);
    if (!existsSync(familyRoot)) return [];
    return readdirSync(familyRoot, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && ruleFolderPattern.test(entry.name) && existsSync(join(familyRoot, entry.name, 'rule.ts')))
      .map((entry) => ({ family, id: entry.name, number: Number(ruleFolderPattern.exec(entry.name)![2]) }))
      .sort((a, b) => a.number - b.number || a.id.localeCompare(b.id));
  });
  const variable = (id: string) => `rule${id.replace(/(^|-)([a-z0-9])/gi, (_, _dash: string, c: string) => c.toUpperCase())}`;
  return [
    '// Generated from the rule folders by rules/renderRegistry.ts: do not edit. `npm run new-rule` rewrites it;',
    '// after renaming or removing a rule folder run `npx tsx rules/writeRegistry.ts`.',
    "import type { Rule } from './Rule.ts';",
    ...folders.map(({ family, id }) => `import { rule as ${variable(id)} } from './${family}/${id}/rule.ts';`),
    '',
    '/** Every rule folder, family by family in catalogue order, then by code number. */',
    'export const registeredRules: Rule[] = [',
    ...folders.map(({ id }) => `  ${variable(id)},`),
    '] as Rule[];',
    '',
  ].join('\n');
}
