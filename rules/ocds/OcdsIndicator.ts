import type { Database } from '../../db/Database.ts';
import type { CardinalCode, CardinalSettings, IndicatorSettings } from './CardinalSettings.ts';

/** The groups of Cardinal's output: who a value is about. */
export type CardinalGroup = 'OCID' | 'Buyer' | 'ProcuringEntity' | 'Tenderer';

/** The fields of Cardinal's `--map` output, in its order. */
export const mapFields = [
  'ocid_buyer_r038',
  'ocid_procuringentity_r038',
  'ocid_tenderer',
  'ocid_tenderer_r024',
  'ocid_tenderer_r028',
  'ocid_tenderer_r030',
  'ocid_tenderer_r035',
  'ocid_tenderer_r058',
] as const;
export type MapField = (typeof mapFields)[number];

/** What one indicator computed, before it is merged into Cardinal's JSON. */
export interface IndicatorOutput {
  /** One value per group and identifier; `ocid` names the process behind a Tenderer/Buyer value when there is one. */
  results: { group: CardinalGroup; id: string; value: number; ocids?: string[] }[];
  /** Meta statistics in Cardinal's order, unrounded; null = no Meta entry. */
  meta: [string, number][] | null;
  /** `--map` entries: a set of ids (arrays) or one id (R038's buyer and procuring entity maps). */
  maps: { field: MapField; ocid: string; ids: string[] | string }[];
  /** Things Cardinal does not say but a reviewer should know (e.g. a 0/0 ratio left out). */
  warnings: string[];
}

/** Everything an indicator reads: the database with `ocds_used_releases` and `ocds_award_gates` prepared. */
export interface IndicatorContext {
  db: Database;
  settings: CardinalSettings;
  /** This indicator's section (present: the indicator is enabled). */
  own: IndicatorSettings;
  /** The `currency` setting, else the first currency met in file order (R024/R058, then R036). */
  mainCurrency: string | null;
  /** Whether the `--map` entries are wanted: an indicator may skip a query that only feeds them (R038). */
  maps: boolean;
  /** Results shared between indicators of one run (R024 and R058 share the bid ratios). */
  shared: Map<string, unknown>;
}

/** One Cardinal indicator, computed the way Cardinal 0.0.8 computes it (docs/cardinal-semantics.md). */
export interface CardinalIndicator {
  code: CardinalCode;
  compute(context: IndicatorContext): Promise<IndicatorOutput>;
}
