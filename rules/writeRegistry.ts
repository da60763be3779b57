/**
 * Rewrites rules/registry.generated.ts from the rule folders: `npx tsx rules/writeRegistry.ts`
 * (after renaming or removing a rule folder; `npm run new-rule` does it for a new one).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderRegistry } from './renderRegistry.ts';

const rulesRoot = fileURLToPath(new URL('./', import.meta.url));
writeFileSync(new URL('./registry.generated.ts', import.meta.url), renderRegistry(rulesRoot));
console.log('wrote rules/registry.generated.ts');
