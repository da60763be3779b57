import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOcdsReleases } from '../ingest/ocds/loadOcdsReleases.ts';
import { parseCardinalSettings } from '../rules/ocds/CardinalSettings.ts';
import { runCardinalIndicators } from '../rules/ocds/runCardinalIndicators.ts';
import { withDatabase } from './support/withDatabase.ts';

/**
 * Cardinal's own indicator tests (tests/fixtures/indicators/ of its 0.0.8 source distribution, which
 * bench/peers/buildCardinal.sh --source-only fetches from PyPI into the git-ignored .peers/): each
 * `NAME.jsonl` with the settings its name spells, as Cardinal's build.rs writes them, against
 * `NAME.expected`. Like Cardinal's `check_indicators`, the results are compared as JSON values
 * (key order aside) and Meta is left out.
 */
const root = fileURLToPath(new URL('../', import.meta.url));
let fixtures = '';

beforeAll(() => {
  const source = execFileSync('bash', [join(root, 'bench/peers/buildCardinal.sh'), '--source-only'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split('\n')
    .at(-1)!;
  fixtures = join(source, 'tests', 'fixtures', 'indicators');
}, 300_000);

/**
 * The settings of a fixture as Cardinal's build.rs derives them from its name, as an INI file:
 * `R003` the indicator's defaults, `R003-threshold-10` one key, `R003-procurement_method_details-x-5-y-10`
 * a table of keys; `+` in a value is Cardinal's `|`. Every test also sets the global
 * no_price_comparison_procurement_methods = NPC and excludes procurementMethodDetails EXC.
 */
function cardinalTestSettings(name: string): string {
  const parts = name.replaceAll('+', '|').split('-');
  const indicator = parts.shift()!;
  const lines = ['no_price_comparison_procurement_methods = NPC', '', '[exclusions]', 'procurement_method_details = EXC', '', `[${indicator}]`];
  if (parts.length === 2) lines.push(`${parts[0]} = ${parts[1]}`);
  if (parts.length > 2) {
    const field = parts.shift()!;
    lines.push('', `[${indicator}.${field}]`);
    for (let index = 0; index + 1 < parts.length; index += 2) lines.push(`${parts[index]} = ${parts[index + 1]}`);
  }
  return `${lines.join('\n')}\n`;
}

describe("Cardinal's own indicator tests", () => {
  it('holds its 15 fixtures, one or more per indicator', () => {
    const names = readdirSync(fixtures).filter((file) => file.endsWith('.jsonl'));
    expect(names).toHaveLength(15);
    expect(new Set(names.map((file) => file.slice(0, 4)))).toEqual(new Set(['R003', 'R018', 'R024', 'R025', 'R028', 'R030', 'R035', 'R036', 'R038', 'R048', 'R058']));
  });

  it('spells the settings of a name as Cardinal does', () => {
    expect(cardinalTestSettings('R003-procurement_methods-open+selective')).toContain('[R003]\nprocurement_methods = open|selective\n');
    expect(cardinalTestSettings('R003-procurement_method_details-x-5-y-10')).toContain('[R003]\n\n[R003.procurement_method_details]\nx = 5\ny = 10\n');
  });

  // Read when the tests run (after beforeAll has fetched the fixtures).
  it('gives the expected results on every fixture, as `bidwatch indicators` computes them', async () => {
    const names = readdirSync(fixtures).filter((file) => file.endsWith('.jsonl')).map((file) => file.replace(/\.jsonl$/, '')).sort();
    const outcomes: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const name of names) {
      await withDatabase(async (db) => {
        await loadOcdsReleases(db, join(fixtures, `${name}.jsonl`), { fieldsOnly: true, inPlace: true });
        const second = await db.connectAgain();
        try {
          const { text } = await runCardinalIndicators(db, parseCardinalSettings(cardinalTestSettings(name)), { meta: false, map: false, connections: [second] });
          outcomes[name] = JSON.parse(text);
        } finally {
          second.close();
        }
      });
      expected[name] = JSON.parse(readFileSync(join(fixtures, `${name}.expected`), 'utf8'));
    }
    expect(Object.keys(outcomes)).toHaveLength(15);
    expect(outcomes).toEqual(expected);
  }, 120_000);
});
