import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GeneratedCases } from './support/writeGeneratedCases.ts';

/** Every `rules/<family>/<rule>/cases/generateCases.ts`, as a URL. */
function caseGenerators(): URL[] {
  const rulesFolder = new URL('../rules/', import.meta.url);
  return readdirSync(rulesFolder, { recursive: true, encoding: 'utf8' })
    .filter((path) => /(^|\/)cases\/generateCases\.ts$/.test(path))
    .sort()
    .map((path) => new URL(path, rulesFolder));
}

describe('generated rule cases', () => {
  it('finds the case generators', () => {
    expect(caseGenerators().map((url) => url.pathname.split('/rules/')[1])).toContain('splitting/C2-bunching-below-threshold/cases/generateCases.ts');
  });

  it.each(caseGenerators().map((url) => [url.pathname.split('/rules/')[1]!, url] as const))('%s wrote the case files as they are', async (_name, url) => {
    const { generateCases } = (await import(url.href)) as { generateCases: () => GeneratedCases };
    const generated = generateCases();
    expect(Object.keys(generated).length).toBeGreaterThan(0);
    for (const [file, ruleCase] of Object.entries(generated)) {
      const onDisk: unknown = JSON.parse(readFileSync(new URL(`./${file}`, url), 'utf8'));
      expect(onDisk, `${file}: run the generator again`).toEqual(JSON.parse(JSON.stringify(ruleCase)));
    }
  });
});
