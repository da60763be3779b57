import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOcdsReleases } from '../../ingest/ocds/loadOcdsReleases.ts';
import { Database } from '../../db/Database.ts';
import { RecordLoader } from '../../ingest/RecordLoader.ts';
import { recordTypeNames, type RecordType } from '../../db/recordSchemas.ts';
import { buildModels } from '../../analytics/buildModels.ts';
import { runRules } from '../../rules/runRules.ts';
import type { Rule } from '../../rules/Rule.ts';

/**
 * A rule case file (`rules/<family>/<rule>/cases/*.json`): literal records, and the hits
 * expected, each given by the flag columns it names (only those are compared).
 * Records may omit `updated_at`; the harness fills a fixed one so cases stay short.
 */
export interface RuleCase {
  description: string;
  records: Partial<Record<RecordType, Record<string, unknown>[]>>;
  /** OCDS compiled releases (rules of family `ocds`), loaded as JSON Lines. */
  ocds?: Record<string, unknown>[];
  parameters?: Record<string, unknown>;
  expect: Record<string, unknown>[];
}

export const CASE_UPDATED_AT = '2024-01-01T00:00:00+08:00';

/** Loads a case into a fresh in-memory database through the real loader and models, runs one rule. */
export async function runRuleCase(rule: Rule, file: URL): Promise<{ expected: Record<string, unknown>[]; actual: Record<string, unknown>[]; deadLetters: string[] }> {
  const ruleCase = JSON.parse(readFileSync(file, 'utf8')) as RuleCase;
  const db = await Database.open(':memory:');
  try {
    const loader = await RecordLoader.create(db);
    for (const type of recordTypeNames) {
      const records = ruleCase.records[type] ?? [];
      await loader.loadBatch(
        type,
        records.map((record, index) => ({ raw: JSON.stringify({ updated_at: CASE_UPDATED_AT, ...record }), source: `${type}#${index}` })),
      );
    }
    if (ruleCase.ocds) {
      const dir = mkdtempSync(join(tmpdir(), 'bidwatch-case-'));
      try {
        writeFileSync(join(dir, 'releases.jsonl'), ruleCase.ocds.map((release) => JSON.stringify(release)).join('\n') + '\n');
        await loadOcdsReleases(db, join(dir, 'releases.jsonl'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const deadLetters = (await db.query<{ source: string; reason: string }>('select source, reason from dead_letters')).map((d) => `${d.source}: ${d.reason}`);
    await buildModels(db);
    const [result] = await runRules(db, 'case', [rule], ruleCase.parameters ? { [rule.id]: ruleCase.parameters } : {});
    // A failed rule leaves no flags, which a near-miss case would read as a pass.
    if (result?.status === 'failed') throw new Error(result.reason ?? 'rule failed');
    const flags = await db.query<Record<string, unknown>>('select * exclude (evidence), evidence::varchar as evidence from flags');
    const keys = [...new Set(ruleCase.expect.flatMap((e) => Object.keys(e)))];
    const project = (row: Record<string, unknown>) => Object.fromEntries(keys.map((k) => [k, row[k] ?? null]));
    const order = (a: Record<string, unknown>, b: Record<string, unknown>) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    return {
      expected: ruleCase.expect.map(project).sort(order),
      actual: flags.map(project).sort(order),
      deadLetters,
    };
  } finally {
    db.close();
  }
}
