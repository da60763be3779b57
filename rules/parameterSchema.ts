import { z } from 'zod';
import type { Rule } from './Rule.ts';

/**
 * Parameters the runner adds to every rule but the statutory traces A1–A3 (kind `trace`). 0.30:
 * issue 18's done-when (no rule other than A1–A3 flags more than 30 % of the tenders of a real
 * market), in the spirit
 * of Cardinal's fences (Q3 + 1.5 × IQR over the market), which by construction leave most of a
 * market inside: a screen that puts a third of the market beyond its line no longer separates
 * the unusual from the usual there.
 */
export const flagRateParameters = {
  min_units_for_flag_rate: z
    .number().int().min(1).default(20)
    .describe('Fewest eligible units (tenders …) on which a flag rate is held to the ceiling: on fewer, one hit more or less moves the rate by 5 points or more (a 95 % interval around 0.30 on 20 units is ±0.20), so a small market or a test case is not judged non-discriminating. 20: the same order as A5\'s smallest calibrated market (rules/parameterSchema.ts).'),
  max_flag_rate: z
    .number().gt(0).max(1).default(0.3)
    .describe('Flag-rate ceiling: when the rule flags more than this share of its eligible units (tenders; contracts or projects for rules judging those) on a market, it does not discriminate there and its hits stay out of the leads (kept in flags with evidence.non_discriminating = true). 0.30 from issue 18 and Cardinal\'s Tukey fences (rules/parameterSchema.ts).'),
};

/** Parameter names the runner consumes itself; the rule's evaluator never sees them. */
export const runnerParameterNames: readonly string[] = Object.keys(flagRateParameters);

/**
 * The schema a rule's parameters are checked against: the rule's own, plus the runner's for a
 * rule other than a trace, strict (an unknown key is an error, never dropped: `min_day` for `min_days`).
 */
export function parameterSchema(rule: Rule): z.ZodObject {
  const schema = rule.kind === 'trace' ? rule.parameters : rule.parameters.extend(flagRateParameters);
  return schema.strict();
}
