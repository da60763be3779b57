import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatRuleCase } from './formatRuleCase.ts';
import type { RuleCase } from './runRuleCase.ts';

/** Case files by name, as a rule's `cases/generateCases.ts` returns them. */
export type GeneratedCases = Record<string, RuleCase>;

/**
 * Writes a generator's case files into its folder when the generator is run as a script
 * (`npx tsx rules/<family>/<rule>/cases/generateCases.ts`), and does nothing when it is imported
 * (by test/rules.generatedCases.test.ts, which checks the files are what the generator makes).
 */
export function writeGeneratedCases(generatorUrl: string, generate: () => GeneratedCases): void {
  if (process.argv[1] !== fileURLToPath(generatorUrl)) return;
  for (const [file, ruleCase] of Object.entries(generate())) {
    const target = new URL(`./${file}`, generatorUrl);
    writeFileSync(target, formatRuleCase(ruleCase));
    console.log(`wrote ${fileURLToPath(target)} (${Object.values(ruleCase.records).reduce((n, rows) => n + (rows?.length ?? 0), 0)} records)`);
  }
}
