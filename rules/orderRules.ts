import type { Rule } from './Rule.ts';
import { RuleError } from './RuleError.ts';

/**
 * The rules in an order where every rule runs after the rules it names in `after` (A7 reads the
 * tender_screens A5 writes in the same run), otherwise in the given (catalogue) order. A
 * dependency that is a known rule but not in this run is not waited for (the rule then reads
 * no output of it, and the runner notes that); one that no rule has, or a cycle, fails at once.
 *
 * @throws RuleError `bad_dependencies`
 */
export function orderRules(rules: readonly Rule[], known: readonly Rule[] = rules): Rule[] {
  const knownIds = new Set([...known, ...rules].map((rule) => rule.id));
  const inRun = new Map(rules.map((rule) => [rule.id, rule]));
  for (const rule of rules) {
    const unknown = (rule.after ?? []).filter((id) => !knownIds.has(id));
    if (unknown.length > 0) throw new RuleError(rule.id, 'bad_dependencies', `runs after unknown rule(s) ${unknown.join(', ')}`);
  }
  const ordered: Rule[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (rule: Rule, trail: string[]) => {
    if (state.get(rule.id) === 'done') return;
    if (state.get(rule.id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(rule.id)), rule.id];
      throw new RuleError(rule.id, 'bad_dependencies', `rules depend on each other in a cycle: ${cycle.join(' → ')}`);
    }
    state.set(rule.id, 'visiting');
    for (const id of rule.after ?? []) {
      const dependency = inRun.get(id);
      if (dependency) visit(dependency, [...trail, rule.id]);
    }
    state.set(rule.id, 'done');
    ordered.push(rule);
  };
  for (const rule of rules) visit(rule, []);
  return ordered;
}
