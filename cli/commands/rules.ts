import type { Command } from '../Command.ts';
import { CliError } from '../CliError.ts';
import { rules } from '../../rules/registry.ts';
import { describeRule, type RuleDescription } from '../../rules/describeRule.ts';
import type { RuleRunResult } from '../../rules/runRules.ts';
import { formatRuleStatus } from '../formatRuleStatus.ts';

interface LastRun {
  runId: string;
  results: Map<string, RuleRunResult>;
}

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'List the rules: code, titles, legal basis, parameters with defaults and sources, inputs; with --db, how each fared in the last scan.',
  usage: '[IDS…] [--db FILE] [--json]',
  allowPositionals: true,
  options: {
    db: { type: 'string', valueName: 'file', description: 'also show each rule\'s status in the last scan of this database (ran / skipped for lack of data / failed, coverage, flag rate)' },
    json: { type: 'boolean', description: 'print the list as JSON' },
  },
  details: `Examples:
  bidwatch rules                       # every rule
  bidwatch rules A1 E4-buyer-concentration
  bidwatch rules --db data/bidwatch.duckdb --json`,
  async run(values, positionals) {
    const wanted = positionals.flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
    const unknown = wanted.filter((w) => !rules.some((rule) => rule.id === w || rule.detection === w));
    if (unknown.length > 0) throw new CliError(`unknown rule(s): ${unknown.join(', ')}. Known: ${rules.map((r) => r.id).join(', ')}`);
    const selected = wanted.length > 0 ? rules.filter((rule) => wanted.includes(rule.id) || wanted.includes(rule.detection)) : rules;
    const lastRun = values.db ? await readLastRun(String(values.db)) : null;
    const described = selected.map((rule) => ({ ...describeRule(rule), lastRun: lastRun?.results.get(rule.id) ?? null }));
    if (values.json) {
      console.log(JSON.stringify({ lastRunId: lastRun?.runId ?? null, rules: described }, null, 2));
      return;
    }
    if (values.db) console.log(lastRun ? `last scan: ${lastRun.runId}\n` : 'no finished scan in this database\n');
    for (const rule of described) console.log(`${formatRule(rule, rule.lastRun)}\n`);
  },
};

async function readLastRun(path: string): Promise<LastRun | null> {
  const [{ openReadOnly }, { SqlError }] = await Promise.all([import('../sql/openReadOnly.ts'), import('../sql/SqlError.ts')]);
  let db;
  try {
    db = await openReadOnly(path);
  } catch (error) {
    if (error instanceof SqlError) throw new CliError(error.message);
    throw error;
  }
  try {
    const [runsTable] = await db.query<{ n: number }>("select count(*)::double as n from information_schema.tables where table_name = 'runs'");
    if (!runsTable?.n) return null;
    const [row] = await db.query<{ run_id: string; summary: string }>(
      'select run_id, summary::varchar as summary from runs where summary is not null order by run_id desc limit 1',
    );
    if (!row) return null;
    const summary = JSON.parse(row.summary) as { rules?: RuleRunResult[] };
    return { runId: row.run_id, results: new Map((summary.rules ?? []).map((result) => [result.ruleId, result])) };
  } finally {
    db.close();
  }
}

function formatRule(rule: RuleDescription, lastRun: RuleRunResult | null): string {
  const lines = [
    `${rule.detection}  ${rule.id}  (${rule.family}, ${rule.kind})`,
    `  ${rule.title.zh}`,
    `  ${rule.title.en}`,
    '  legal basis:',
    ...rule.legalBasis.map((basis) => `    - ${basis.zh}\n      ${basis.en}`),
    '  parameters:',
    ...rule.parameters.map((p) => `    ${p.name} = ${JSON.stringify(p.default)}\n      ${p.source}`),
    `  inputs: ${rule.coverage.candidates}${rule.coverage.where ? ` where ${rule.coverage.where}` : ''}, per ${rule.coverage.unit}, needing:`,
    ...rule.coverage.inputs.map((input) => `    - ${input.name}  [${input.present}]`),
    `  reads: ${Object.entries(rule.reads).map(([table, columns]) => `${table}(${columns.join(', ')})`).join('; ')}`,
  ];
  if (rule.after.length > 0) lines.push(`  runs after: ${rule.after.join(', ')}`);
  if (lastRun) lines.push(`  last scan: ${formatRuleStatus(lastRun)}`);
  return lines.join('\n');
}
