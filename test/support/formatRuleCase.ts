import type { RuleCase } from './runRuleCase.ts';

/**
 * A rule case as the JSON a case generator writes: one record or expected hit a line, so a
 * generated file of hundreds of records still reads (and diffs) record by record.
 */
export function formatRuleCase(ruleCase: RuleCase): string {
  const lines = (items: unknown[], indent: string) => items.map((item) => `${indent}${JSON.stringify(item)}`).join(',\n');
  const list = (items: unknown[], indent: string) => (items.length === 0 ? '[]' : `[\n${lines(items, `${indent}  `)}\n${indent}]`);
  const records = Object.entries(ruleCase.records).map(([type, rows]) => `    ${JSON.stringify(type)}: ${list(rows ?? [], '    ')}`);
  return [
    '{',
    `  "description": ${JSON.stringify(ruleCase.description)},`,
    ...(ruleCase.parameters ? [`  "parameters": ${JSON.stringify(ruleCase.parameters)},`] : []),
    `  "records": {\n${records.join(',\n')}\n  },`,
    `  "expect": ${list(ruleCase.expect, '  ')}`,
    '}',
    '',
  ].join('\n');
}
