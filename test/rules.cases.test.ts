import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/registry.ts';
import { familyOfDetection } from '../rules/Rule.ts';
import { runRuleCase } from './support/runRuleCase.ts';

const readmeSections = ['## What it computes', '## Worked example', '## Why it is a red flag', '## Source', '## Configuration', '## Exclusions'];

describe.each(rules.map((rule) => [rule.id, rule] as const))('rule %s', (_id, rule) => {
  const casesFolder = new URL('./cases/', rule.folder);
  const caseFiles = existsSync(casesFolder) ? readdirSync(casesFolder).filter((f) => f.endsWith('.json')).sort() : [];

  it('has a must-flag case, a near-miss case and a README with every section', () => {
    expect(caseFiles.some((f) => f.startsWith('must-flag'))).toBe(true);
    expect(caseFiles.some((f) => f.startsWith('near-miss'))).toBe(true);
    const readme = readFileSync(new URL('./README.md', rule.folder), 'utf8');
    expect(readmeSections.filter((section) => !readme.includes(section))).toEqual([]);
  });

  it('has a stable id matching its folder, a code of its family and documented parameters', () => {
    expect(rule.folder.pathname.endsWith(`/${rule.family}/${rule.id}/`)).toBe(true);
    expect(rule.id.startsWith(`${rule.detection}-`)).toBe(true);
    // A catalogue code (A1–E5), one beyond it (E9) or a Cardinal indicator (R003), but always of the rule's own family.
    expect(rule.detection).toMatch(/^(?:[A-E][1-9]\d*|R\d{3})$/);
    expect(familyOfDetection(rule.detection)).toBe(rule.family);
    const undocumented = Object.entries(rule.parameters.shape).filter(([, field]) => !(field as { description?: string }).description);
    expect(undocumented.map(([name]) => name)).toEqual([]);
  });

  it.each(caseFiles)('case %s', async (file) => {
    const { expected, actual, deadLetters } = await runRuleCase(rule, new URL(file, casesFolder));
    expect(deadLetters).toEqual([]);
    expect(actual).toEqual(expected);
  });
});
