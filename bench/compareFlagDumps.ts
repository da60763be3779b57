import { readFileSync } from 'node:fs';

/** How one rule's flags in two dumps compare, from strictest to loosest. */
export type FlagDumpVerdict = 'identical' | 'same up to list order' | 'same up to list order and float digits' | 'differ';

export interface RuleComparison {
  ruleId: string;
  verdict: FlagDumpVerdict;
  flags: [number, number];
  /** Flags (by table and flag id) not equal under the verdict's loosest check, or in one dump only. */
  differing: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Compares two flag dumps (`profileScan --flags`: one JSON line per flag, run id left out) rule by rule.
 *
 * Two runs of the same code do not always agree byte for byte: DuckDB adds doubles in whatever order its threads
 * meet them (E4's award sums differ in the 16th digit from run to run) and `list(distinct …)` without `order by`
 * comes out in hash order (D5). So besides `identical` a rule can be the same up to the order of lists of plain
 * values, or up to that and doubles within 1e-9 of each other (relative); anything else `differ`s.
 *
 * @example
 * compareFlagDumps('data/flags-before.jsonl', 'data/flags-after.jsonl').filter((rule) => rule.verdict === 'differ');
 */
export function compareFlagDumps(beforeFile: string, afterFile: string): RuleComparison[] {
  const before = readDump(beforeFile);
  const after = readDump(afterFile);
  return [...new Set([...before.keys(), ...after.keys()])].sort().map((ruleId) => {
    const a = before.get(ruleId) ?? new Map<string, string>();
    const b = after.get(ruleId) ?? new Map<string, string>();
    const keys = [...new Set([...a.keys(), ...b.keys()])];
    const flags: [number, number] = [a.size, b.size];
    const count = (equal: (x: string, y: string) => boolean) => keys.filter((key) => !(a.has(key) && b.has(key) && equal(a.get(key)!, b.get(key)!))).length;
    if (count((x, y) => x === y) === 0) return { ruleId, verdict: 'identical', flags, differing: 0 };
    const sorted = (line: string) => JSON.stringify(sortLists(parseNested(JSON.parse(line) as Json)));
    if (count((x, y) => sorted(x) === sorted(y)) === 0) return { ruleId, verdict: 'same up to list order', flags, differing: 0 };
    const differing = count((x, y) => close(sortLists(parseNested(JSON.parse(x) as Json)), sortLists(parseNested(JSON.parse(y) as Json))));
    return { ruleId, verdict: differing === 0 ? 'same up to list order and float digits' : 'differ', flags, differing };
  });
}

/** rule id → (table + flag id → the dump's line). */
function readDump(file: string): Map<string, Map<string, string>> {
  const byRule = new Map<string, Map<string, string>>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const flag = JSON.parse(line) as { rule_id: string; flag_id: string; held_in: string };
    const flags = byRule.get(flag.rule_id) ?? new Map<string, string>();
    flags.set(`${flag.held_in}/${flag.flag_id}`, line);
    byRule.set(flag.rule_id, flags);
  }
  return byRule;
}

/** Evidence is stored as JSON text inside the line: compare it as values. */
function parseNested(value: Json): Json {
  if (typeof value === 'string' && (value.startsWith('{') || value.startsWith('['))) {
    try {
      return parseNested(JSON.parse(value) as Json);
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(parseNested);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, parseNested(item)]));
  return value;
}

/** Lists of plain values sorted (their order may be a hash table's); lists of objects keep theirs (evidence tables are ordered). */
function sortLists(value: Json): Json {
  if (Array.isArray(value)) {
    const items = value.map(sortLists);
    const plain = items.every((item) => item === null || typeof item !== 'object');
    return plain ? [...items].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : JSON.stringify(x) > JSON.stringify(y) ? 1 : 0)) : items;
  }
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, sortLists(item)]));
  return value;
}

function close(x: Json, y: Json): boolean {
  if (typeof x === 'number' && typeof y === 'number') return x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
  if (Array.isArray(x)) return Array.isArray(y) && x.length === y.length && x.every((item, index) => close(item, y[index]!));
  if (x !== null && typeof x === 'object') {
    if (y === null || typeof y !== 'object' || Array.isArray(y)) return false;
    const keys = Object.keys(x);
    return keys.length === Object.keys(y).length && keys.every((key) => key in y && close(x[key]!, y[key]!));
  }
  return x === y;
}
