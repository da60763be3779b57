import type { z } from 'zod';
import type { Family, LegalBasis, Rule, RuleCoverage, RuleKind, RuleReads } from './Rule.ts';
import { parameterSchema } from './parameterSchema.ts';

export interface RuleDescription {
  id: string;
  detection: string;
  family: Family;
  kind: RuleKind;
  title: { zh: string; en: string };
  legalBasis: LegalBasis[];
  /** Every parameter (the runner's `max_flag_rate` too) with its default and where that comes from. */
  parameters: { name: string; default: unknown; source: string }[];
  coverage: RuleCoverage;
  reads: RuleReads;
  after: readonly string[];
}

/** What `bidwatch rules` lists of a rule: everything a reviewer needs to know what it judges and on what. */
export function describeRule(rule: Rule): RuleDescription {
  const schema = parameterSchema(rule);
  const defaults = schema.parse({}) as Record<string, unknown>;
  return {
    id: rule.id,
    detection: rule.detection,
    family: rule.family,
    kind: rule.kind,
    title: rule.title,
    legalBasis: rule.legalBasis,
    parameters: Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
      name,
      default: defaults[name],
      source: field.description ?? '',
    })),
    coverage: rule.coverage,
    reads: rule.reads,
    after: rule.after ?? [],
  };
}
