import { z } from 'zod';
import type { Rule } from './Rule.ts';
import { closestName } from './closestName.ts';
import { parameterSchema } from './parameterSchema.ts';
import { ParameterOverrideError } from './ParameterOverrideError.ts';

/** Parameter overrides by rule id, e.g. `{ "C1-split-awards": { "window_days": 180 } }`. */
export type ParameterOverrides = Record<string, Record<string, unknown>>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a whole parameter file against the rules before anything is loaded, so a typo fails
 * the scan at once instead of being dropped after an hour of loading: every rule id must be a
 * rule's (`known`: the whole registry, so overrides for rules not selected this time still
 * check), every key must be in the rule's schema, nested objects included, and every value must
 * parse. Returns the parsed parameters of each rule in `rules` (defaults filled in).
 *
 * @throws ParameterOverrideError naming the rule, the key and the closest valid name.
 */
export function checkParameterOverrides(overrides: unknown, rules: readonly Rule[], known: readonly Rule[] = rules): Map<string, Record<string, unknown>> {
  if (!isPlainObject(overrides)) throw new ParameterOverrideError('not_an_object', 'parameters must be a JSON object of rule id → { parameter: value }');
  const byId = new Map([...known, ...rules].map((rule) => [rule.id, rule]));
  for (const [ruleId, values] of Object.entries(overrides)) {
    const rule = byId.get(ruleId);
    if (!rule) {
      const hint = closestName(ruleId, [...byId.keys()]);
      throw new ParameterOverrideError('unknown_rule', `unknown rule "${ruleId}" in parameters${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
    if (!isPlainObject(values)) throw new ParameterOverrideError('not_an_object', `parameters of ${ruleId} must be an object of parameter → value`);
    const schema = parameterSchema(rule);
    const unknown = unknownKeys(schema, values, [])[0];
    if (unknown) {
      const where = [...unknown.path, unknown.key].join('.');
      const hint = closestName(unknown.key, unknown.known);
      throw new ParameterOverrideError(
        'unknown_key',
        `${ruleId}: unknown parameter "${where}"${hint ? ` (did you mean "${[...unknown.path, hint].join('.')}"?)` : ''}; valid: ${unknown.known.join(', ')}`,
      );
    }
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ParameterOverrideError('bad_value', `${ruleId}: parameter "${issue.path.join('.')}": ${issue.message}`);
    }
  }
  const parsedByRule = new Map<string, Record<string, unknown>>();
  for (const rule of rules) parsedByRule.set(rule.id, parameterSchema(rule).parse(overrides[rule.id] ?? {}) as Record<string, unknown>);
  return parsedByRule;
}

interface UnknownKey {
  path: (string | number)[];
  key: string;
  known: string[];
}

/** Keys of `value` that `schema` has no field for, at any depth (objects in lists and records too). */
function unknownKeys(schema: z.ZodType, value: unknown, path: (string | number)[]): UnknownKey[] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodObject && isPlainObject(value)) {
    const shape = inner.shape as Record<string, z.ZodType>;
    return Object.entries(value).flatMap(([key, child]) =>
      key in shape ? unknownKeys(shape[key]!, child, [...path, key]) : [{ path, key, known: Object.keys(shape) }],
    );
  }
  if (inner instanceof z.ZodArray && Array.isArray(value)) return value.flatMap((child, index) => unknownKeys(inner.element as z.ZodType, child, [...path, index]));
  if (inner instanceof z.ZodRecord && isPlainObject(value)) {
    return Object.entries(value).flatMap(([key, child]) => unknownKeys(inner.valueType as z.ZodType, child, [...path, key]));
  }
  return [];
}
