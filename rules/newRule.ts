/**
 * Scaffolds a rule folder from rules/_template/: `npm run new-rule -- <family> <CODE>-<slug>`,
 * e.g. `npm run new-rule -- procedure E6-late-award-notice`. Then add the printed line to the family's index.ts.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { families } from './Rule.ts';

const [family, id] = process.argv.slice(2);
if (!family || !id || !(families as readonly string[]).includes(family) || !/^[A-E]\d+-[a-z0-9-]+$/.test(id)) {
  console.error(`usage: npm run new-rule -- <${families.join('|')}> <CODE>-<slug>   e.g. procedure E6-late-award-notice`);
  process.exit(2);
}
const rulesRoot = fileURLToPath(new URL('./', import.meta.url));
const target = join(rulesRoot, family, id);
if (existsSync(target)) {
  console.error(`${target} already exists`);
  process.exit(2);
}
const code = id.split('-')[0]!;
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
const variable = id.replace(/^[A-E]\d+-/, '').replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
console.log(`created ${target}\nadd to rules/${family}/index.ts:\n  import { rule as ${variable} } from './${id}/rule.ts';\n  …and ${variable} in the list`);
