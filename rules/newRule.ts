/**
 * Scaffolds a rule: `npm run new-rule -- <family> <CODE>-<slug>`, e.g.
 * `npm run new-rule -- procedure E9-late-award-notice`. Copies rules/_template/ (a working
 * example rule with its README, must-flag and near-miss cases) and rewrites
 * rules/registry.generated.ts from the folders: the new rule typechecks, is listed by
 * `bidwatch rules`, runs in every scan and its cases run in test/rules.cases.test.ts. Nothing
 * else needs editing; the code may be one beyond the catalogue (E9).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { families, type Family } from './Rule.ts';
import { renderRegistry, ruleFolderPattern } from './renderRegistry.ts';

const familyLetters: Record<Family, string> = { collusion: 'A', qualification: 'B', splitting: 'C', approval: 'D', procedure: 'E', ocds: 'R' };

const [family, id] = process.argv.slice(2);
if (!family || !id || !(families as readonly string[]).includes(family) || !ruleFolderPattern.test(id)) {
  console.error(`usage: npm run new-rule -- <${families.join('|')}> <CODE>-<slug>   e.g. procedure E9-late-award-notice`);
  process.exit(2);
}
if (id[0] !== familyLetters[family as Family]) {
  console.error(`${id}: a ${family} rule's code starts with ${familyLetters[family as Family]} (detections.md)`);
  process.exit(2);
}
const rulesRoot = fileURLToPath(new URL('./', import.meta.url));
const code = id.split('-')[0]!;
const taken = families.flatMap((f) => (existsSync(join(rulesRoot, f)) ? readdirSync(join(rulesRoot, f)) : [])).find((name) => name.split('-')[0] === code);
if (taken) {
  console.error(`detection code ${code} is taken by rules/${taken}: one folder per code`);
  process.exit(2);
}
const target = join(rulesRoot, family, id);
const copy = (from: string, to: string) => {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) copy(join(from, entry.name), join(to, entry.name));
    else {
      const text = readFileSync(join(from, entry.name), 'utf8').replaceAll('__ID__', id).replaceAll('__CODE__', code).replaceAll('__FAMILY__', family);
      writeFileSync(join(to, entry.name.replace(/\.tmpl$/, '')), text);
    }
  }
};
copy(join(rulesRoot, '_template'), target);
writeFileSync(join(rulesRoot, 'registry.generated.ts'), renderRegistry(rulesRoot));
console.log(`created ${target} (a working example: replace rule.sql, rule.ts, README.md and the cases)
registered in rules/registry.generated.ts
next: npx vitest run test/rules.cases.test.ts -t ${id}   and   npx bidwatch rules ${id}`);
