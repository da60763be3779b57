import type { Rule } from './Rule.ts';

/** `selected` plus every rule they name in `after`, transitively (from `all`), in `all`'s order. */
export function withDependencies(selected: readonly Rule[], all: readonly Rule[]): Rule[] {
  const wanted = new Set(selected.map((rule) => rule.id));
  const pending = [...selected];
  while (pending.length > 0) {
    for (const id of pending.pop()!.after ?? []) {
      const dependency = all.find((rule) => rule.id === id);
      if (dependency && !wanted.has(id)) {
        wanted.add(id);
        pending.push(dependency);
      }
    }
  }
  return [...all.filter((rule) => wanted.has(rule.id)), ...selected.filter((rule) => !all.includes(rule))];
}
