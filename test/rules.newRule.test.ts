import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withTempDir } from './support/withDatabase.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const notCopied = new Set(['node_modules', 'data', '.git', 'reports/out', '.kafka', 'bench/results', 'test/.artifacts', 'scratch']);
// The child processes are a project of their own: drop the outer vitest's variables.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_OPTIONS' && name !== 'TEST'));

/**
 * Issue 12 "adding a rule is one step": in a copy of the repository, `npm run new-rule` alone
 * must give a rule that typechecks, that `bidwatch rules` lists, and whose must-flag and
 * near-miss cases run (and pass) in the cases test, with a code beyond the catalogue (E9).
 */
describe('npm run new-rule', () => {
  it('alone gives a rule that typechecks, is listed and whose cases run', async () => {
    await withTempDir(async (copy) => {
      cpSync(repo, copy, { recursive: true, filter: (source) => !notCopied.has(relative(repo, source)) });
      symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'), 'dir');
      const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: copy, encoding: 'utf8', env });

      const scaffold = run(['--import', 'tsx', 'rules/newRule.ts', 'procedure', 'E9-example']);
      expect(scaffold.stderr + scaffold.status).toMatch(/0$/);
      expect(existsSync(join(copy, 'rules/procedure/E9-example/cases/must-flag.json'))).toBe(true);
      expect(readFileSync(join(copy, 'rules/registry.generated.ts'), 'utf8')).toContain("'./procedure/E9-example/rule.ts'");

      const typecheck = run(['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);
      expect(typecheck.stdout + typecheck.stderr + typecheck.status).toMatch(/^0$/);

      const listed = run(['--import', 'tsx', 'cli/main.ts', 'rules', 'E9', '--json']);
      expect(listed.stderr + listed.status).toMatch(/0$/);
      const [rule] = JSON.parse(listed.stdout).rules;
      expect(rule).toMatchObject({ id: 'E9-example', detection: 'E9', family: 'procedure', kind: 'statutory' });
      expect(rule.parameters.map((p: { name: string; default: unknown }) => [p.name, p.default])).toEqual([['min_bids', 2], ['min_units_for_flag_rate', 20], ['max_flag_rate', 0.3]]);
      expect(rule.coverage.inputs).toEqual([{ name: 'published bids', present: 'n_bids > 0' }]);

      const report = join(copy, 'cases.json');
      const cases = run(['node_modules/vitest/vitest.mjs', 'run', 'test/rules.cases.test.ts', '-t', 'E9-example', '--reporter=json', `--outputFile=${report}`]);
      expect(cases.status, cases.stderr.slice(-2000)).toBe(0);
      const tests = (JSON.parse(readFileSync(report, 'utf8')) as { testResults: { assertionResults: { fullName: string; status: string }[] }[] })
        .testResults.flatMap((file) => file.assertionResults)
        .filter((test) => test.fullName.includes('E9-example'));
      expect(tests.map((test) => `${test.fullName}: ${test.status}`).sort()).toEqual([
        'rule E9-example case must-flag.json: passed',
        'rule E9-example case near-miss.json: passed',
        'rule E9-example has a must-flag case, a near-miss case and a README with every section: passed',
        'rule E9-example has a stable id matching its folder, a code of its family and documented parameters: passed',
      ]);
    });
  }, 300_000);
});
