import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Data flows one way (README "How data flows"): a folder may import only from itself and the
 * folders before it in this order. `demo/` (the generator) and `dev-broker/` (the development
 * Kafka broker) sit beside the pipeline: they may use the ground floor, and only the CLI,
 * benchmarks and tests may use them.
 */
const stages = ['db', 'ingest', 'analytics', 'rules', 'leads', 'results', 'reports', 'evaluation', 'desk', 'cli', 'bench'] as const;
const sideFolders: Record<string, readonly string[]> = { demo: ['db'], 'dev-broker': [] };
const mayUseSideFolders = new Set(['evaluation', 'cli', 'bench']);

const root = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(folder: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return name === 'node_modules' || name === 'cases' ? [] : walk(full);
      return /\.(ts|js)$/.test(name) ? [full] : [];
    });
  return walk(path.join(root, folder));
}

function importedFolders(file: string): { specifier: string; folder: string }[] {
  const text = readFileSync(file, 'utf8');
  const found: { specifier: string; folder: string }[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = path.relative(root, path.resolve(path.dirname(file), match[1]!));
    found.push({ specifier: match[1]!, folder: target.split(path.sep)[0]! });
  }
  return found;
}

/** Every import that goes against the flow, as `file → specifier`. */
export function importsAgainstTheFlow(): string[] {
  const violations: string[] = [];
  const allowed = (from: string, to: string): boolean => {
    if (from === to) return true;
    if (from in sideFolders) return sideFolders[from]!.includes(to);
    if (to in sideFolders) return mayUseSideFolders.has(from);
    const a = stages.indexOf(from as (typeof stages)[number]);
    const b = stages.indexOf(to as (typeof stages)[number]);
    return a >= 0 && b >= 0 && b <= a;
  };
  for (const folder of [...stages, ...Object.keys(sideFolders)]) {
    for (const file of sourceFiles(folder)) {
      for (const { specifier, folder: target } of importedFolders(file)) {
        if (!allowed(folder, target)) violations.push(`${path.relative(root, file)} → ${specifier}`);
      }
    }
  }
  return violations;
}

describe('import graph', () => {
  it('no module imports from a stage downstream of it', () => {
    expect(importsAgainstTheFlow()).toEqual([]);
  });

  it('would catch an upstream import', () => {
    // The check itself must be able to fail: a rule importing a report is against the flow.
    const probe = path.join(root, 'rules', '__probe_import_graph.ts');
    writeFileSync(probe, "import { maskSensitive } from '../reports/maskSensitive.ts';\nexport const x = maskSensitive;\n");
    try {
      expect(importsAgainstTheFlow()).toContain("rules/__probe_import_graph.ts → ../reports/maskSensitive.ts");
    } finally {
      rmSync(probe);
    }
  });
});
