import type { z } from 'zod';
import type { DetectionCode, LegalBasis, Rule, RuleHit } from '../Rule.ts';
import type { CardinalCode, IndicatorSettings } from './CardinalSettings.ts';
import { computeCardinalIndicators } from './computeCardinalIndicators.ts';
import type { CardinalIndicator, IndicatorOutput } from './OcdsIndicator.ts';
import { rustF64 } from './cardinalStatistics.ts';

/** An OCDS rule: a bidwatch rule that is also one of Cardinal's indicators. */
export interface OcdsRule<S extends z.ZodObject = z.ZodObject> extends Rule<S> {
  cardinal: CardinalIndicator;
}

const groupLabel = { OCID: '采购流程', Buyer: '采购人', ProcuringEntity: '采购代理/实施机构', Tenderer: '投标人' } as const;

/**
 * Makes one Cardinal indicator a bidwatch rule in family `ocds`: in a scan it runs with
 * Cardinal's global defaults and the rule's parameters as its section, and every value it
 * writes becomes a hit carrying the value, the Meta statistics and the parameters.
 *
 * @example see rules/ocds/R003-short-submission-period/rule.ts
 */
export function defineOcdsRule<S extends z.ZodObject>(definition: {
  id: string;
  title: { zh: string; en: string };
  legalBasis: LegalBasis[];
  parameters: S;
  folder: URL;
  indicator: CardinalIndicator;
}): OcdsRule<S> {
  const code: CardinalCode = definition.indicator.code;
  return {
    id: definition.id,
    detection: code as DetectionCode,
    family: 'ocds',
    // Cardinal's indicators judge a process against fences or fixed lines drawn on the market:
    // held to the flag-rate ceiling in a scan like every statistical rule (`bidwatch indicators`
    // computes them Cardinal's way, without it).
    kind: 'statistical',
    reads: {
      stg_ocds_releases: ['ocid'],
      stg_ocds_bids: ['ocid'],
      stg_ocds_awards: ['ocid'],
    },
    coverage: {
      candidates: 'stg_ocds_releases',
      unit: 'process',
      inputs: [{ name: 'OCDS compiled releases', present: 'ocid is not null' }],
    },
    title: definition.title,
    legalBasis: definition.legalBasis,
    parameters: definition.parameters,
    folder: definition.folder,
    cardinal: definition.indicator,
    evaluate: {
      kind: 'code',
      async run({ db }, parameters): Promise<RuleHit[]> {
        const own = Object.fromEntries(Object.entries(parameters as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null)) as IndicatorSettings;
        const settings = {
          priceComparisonProcurementMethods: [],
          noPriceComparisonProcurementMethods: [],
          excludedProcurementMethodDetails: [],
          indicators: { [code]: own },
        };
        const outputs = await computeCardinalIndicators(db, settings, [definition.indicator], { maps: false });
        const output = outputs.get(code);
        if (!output) return [];
        const meta = Object.fromEntries((output.meta ?? []).map(([name, value]) => [name, Number.isFinite(value) ? value : null]));
        // One hit per organisation or process, however many processes set it (Cardinal keeps one value too).
        const merged = new Map<string, IndicatorOutput['results'][number]>();
        for (const result of output.results) {
          const key = `${result.group}\u0000${result.id}`;
          const seen = merged.get(key);
          merged.set(key, { ...result, ocids: [...new Set([...(seen?.ocids ?? []), ...(result.ocids ?? [])])] });
        }
        return [...merged.values()].map((result): RuleHit => {
          const value = Number.isFinite(result.value) ? result.value : null;
          const ocids = result.group === 'OCID' ? [result.id] : (result.ocids ?? []);
          return {
            tender_id: null,
            company_ids: result.group === 'Tenderer' ? [result.id] : [],
            record_ids: ocids,
            score: 0.5,
            case_key: result.group === 'OCID' ? `ocds:${result.id}` : `ocds-${result.group.toLowerCase()}:${result.id}`,
            evidence: {
              summary_zh: `疑似${definition.title.zh}：${groupLabel[result.group]} ${result.id}，${code} = ${rustF64(result.value)}`,
              summary_en: `${definition.title.en}: ${result.group} ${result.id}, ${code} = ${rustF64(result.value)}`,
              facts: { indicator: code, group: result.group, id: result.id, value, ...meta },
            },
          };
        });
      },
    },
  };
}
