/** Cardinal's eleven indicators, in its order. */
export const cardinalCodes = ['R003', 'R018', 'R024', 'R025', 'R028', 'R030', 'R035', 'R036', 'R038', 'R048', 'R058'] as const;
export type CardinalCode = (typeof cardinalCodes)[number];

/** One indicator's INI section: absent = disabled; keys as given (validated by the parser). */
export interface IndicatorSettings {
  threshold?: number;
  procurement_methods?: string[];
  /** R003 only: `[R003.procurement_method_details]`, days per procurementMethodDetails value. */
  procurement_method_details?: Record<string, number>;
  percentile?: number;
  minimum_submitted_bids?: number;
  minimum_contracting_processes?: number;
  digits?: number;
}

/**
 * The settings of `ocdscardinal indicators --settings FILE.ini` (Cardinal 0.0.8), as
 * docs/cardinal-semantics.md ("Settings file") describes them. Lists are pipe-separated sets.
 */
export interface CardinalSettings {
  currency?: string;
  priceComparisonProcurementMethods: string[];
  noPriceComparisonProcurementMethods: string[];
  excludedProcurementMethodDetails: string[];
  indicators: Partial<Record<CardinalCode, IndicatorSettings>>;
}

/** A settings file Cardinal would refuse (it exits with status 2). */
export class CardinalSettingsError extends Error {
  readonly code = 'bad_settings' as const;
  constructor(message: string) {
    super(message);
    this.name = 'CardinalSettingsError';
  }
}

type Kind = 'string' | 'list' | 'integer' | 'unsigned' | 'float' | 'bool';

const sectionKeys: Record<string, Record<string, Kind> | 'any'> = {
  '': { currency: 'string', no_price_comparison_procurement_methods: 'list', price_comparison_procurement_methods: 'list' },
  output: { info_currency_mismatches: 'bool' },
  exclusions: { procurement_method_details: 'list' },
  // Sections of `ocdscardinal prepare`: checked by Cardinal, not used by `indicators`.
  defaults: { currency: 'string', item_classification_scheme: 'string', bid_status: 'string', award_status: 'string', party_roles: 'bool' },
  redactions: { amount: 'string', organization_id: 'string' },
  corrections: { award_status_by_contract_status: 'bool' },
  modifications: {
    move_auctions: 'bool',
    prefix_buyer_or_procuring_entity_id: 'string',
    prefix_tenderer_or_supplier_id: 'string',
    split_procurement_method_details: 'string',
  },
  'codelists.bid_status': 'any',
  'codelists.award_status': 'any',
  R003: { threshold: 'integer', procurement_methods: 'list' },
  'R003.procurement_method_details': 'any',
  R018: { procurement_methods: 'list' },
  R024: { threshold: 'float' },
  R025: { percentile: 'unsigned', threshold: 'float' },
  R028: {},
  R030: {},
  R035: { threshold: 'unsigned' },
  R036: {},
  R038: { threshold: 'float', minimum_submitted_bids: 'unsigned', minimum_contracting_processes: 'unsigned' },
  R048: { digits: 'unsigned', threshold: 'unsigned', minimum_contracting_processes: 'unsigned' },
  R058: { threshold: 'float' },
};

const truthy = new Set(['true', 'on', 'yes']);
const falsy = new Set(['false', 'off', 'no']);
const rustFloat = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;

function convert(kind: Kind, value: string, where: string): string | string[] | number | boolean {
  const fail = (what: string): never => {
    throw new CardinalSettingsError(`${where}: invalid type: "${value}", expected ${what}`);
  };
  switch (kind) {
    case 'string':
      return value;
    case 'list':
      // Cardinal splits on "|" and trims nothing: "open | selective" matches neither.
      return value === '' ? [] : value.split('|').filter((part, index, parts) => !(part === '' && index === parts.length - 1));
    case 'bool':
      if (truthy.has(value.toLowerCase()) || value === '1') return true;
      if (falsy.has(value.toLowerCase()) || value === '0') return false;
      return fail('a boolean');
    case 'float':
      if (truthy.has(value.toLowerCase())) return 1;
      if (falsy.has(value.toLowerCase())) return 0;
      if (!rustFloat.test(value)) return fail('a floating point number');
      return /^[+-]?nan$/i.test(value) ? Number.NaN : /inf/i.test(value) ? (value.startsWith('-') ? -Infinity : Infinity) : Number(value);
    case 'integer':
    case 'unsigned': {
      if (truthy.has(value.toLowerCase())) return 1;
      if (falsy.has(value.toLowerCase())) return 0;
      if (!/^[+-]?\d+$/.test(value)) return fail('an integer');
      const number = Number(value);
      if (kind === 'unsigned' && number < 0) return fail('an unsigned integer');
      return number;
    }
  }
}

/**
 * Parses a Cardinal settings file (INI): comment lines start with `;` or `#` (no inline
 * comments), values are trimmed and lose surrounding double quotes, `[A.B]` nests, names are
 * case-sensitive and unknown sections or keys are errors, as in Cardinal.
 *
 * @example
 * parseCardinalSettings('currency = USD\n[R024]\nthreshold = 0.05\n').indicators.R024 // { threshold: 0.05 }
 */
export function parseCardinalSettings(text: string): CardinalSettings {
  const settings: CardinalSettings = {
    priceComparisonProcurementMethods: [],
    noPriceComparisonProcurementMethods: [],
    excludedProcurementMethodDetails: [],
    indicators: {},
  };
  let section = '';
  const indicatorOf = (name: string): IndicatorSettings | null => {
    const code = name.split('.')[0]!;
    if (!(cardinalCodes as readonly string[]).includes(code)) return null;
    return (settings.indicators[code as CardinalCode] ??= {});
  };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const where = `settings line ${index + 1}`;
    if (line === '' || line.startsWith(';') || line.startsWith('#')) return;
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      if (!(section in sectionKeys)) throw new CardinalSettingsError(`${where}: unknown field \`${section}\``);
      indicatorOf(section);
      return;
    }
    const separator = line.search(/[=:]/);
    if (separator < 0) throw new CardinalSettingsError(`${where}: expected "key = value", got "${line}"`);
    const key = line.slice(0, separator).trim();
    let value = line.slice(separator + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    const keys = sectionKeys[section]!;
    if (keys === 'any') {
      if (section === 'R003.procurement_method_details') {
        const indicator = indicatorOf('R003')!;
        (indicator.procurement_method_details ??= {})[key] = convert('integer', value, where) as number;
      }
      return;
    }
    const kind = keys[key];
    if (!kind) throw new CardinalSettingsError(`${where}: unknown field \`${key}\` in [${section || 'global'}]`);
    const converted = convert(kind, value, where);
    const indicator = indicatorOf(section);
    if (indicator) (indicator as Record<string, unknown>)[key] = converted;
    else if (section === '' && key === 'currency') settings.currency = converted as string;
    else if (section === '' && key === 'price_comparison_procurement_methods') settings.priceComparisonProcurementMethods = converted as string[];
    else if (section === '' && key === 'no_price_comparison_procurement_methods') settings.noPriceComparisonProcurementMethods = converted as string[];
    else if (section === 'exclusions') settings.excludedProcurementMethodDetails = converted as string[];
  });
  return settings;
}
