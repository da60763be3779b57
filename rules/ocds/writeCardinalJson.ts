import type { CardinalCode } from './CardinalSettings.ts';
import { mapFields, type CardinalGroup, type IndicatorOutput } from './OcdsIndicator.ts';
import { roundForMeta, rustF64 } from './cardinalStatistics.ts';

/** Sorts strings by Unicode code point (JS `<` compares UTF-16 units, which differs above U+FFFF). */
function byCodePoint(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (a code point above U+FFFF) sorts after every BMP unit from U+E000 on.
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

const key = (text: string) => JSON.stringify(text);

/** What `ocdscardinal indicators` prints, and its `--count` lines. */
export interface CardinalJson {
  /** One line of compact JSON and "\n". */
  text: string;
  /** `Group: n` per group present, in group order (the `--count` lines). */
  counts: string[];
}

/**
 * Merges indicator outputs into Cardinal's JSON, written in the canonical order of the fixtures
 * (docs/cardinal-semantics.md, "Output" and "Comparing outputs"): the group order Cardinal fixes
 * (swap-remove of empty OCID/Tenderer), identifiers by code point, indicator codes sorted, Meta
 * values rounded to 4 decimals, numbers as Rust prints them.
 *
 * @example
 * writeCardinalJson(new Map(), { meta: true, map: false }).text // '{"Meta":{}}\n'
 */
export function writeCardinalJson(
  outputs: ReadonlyMap<CardinalCode, IndicatorOutput>,
  options: { meta: boolean; map: boolean },
  extraMaps: IndicatorOutput['maps'] = [],
): CardinalJson {
  const groups = new Map<CardinalGroup, Map<string, Map<string, number>>>(
    (['OCID', 'Buyer', 'ProcuringEntity', 'Tenderer'] as const).map((g) => [g, new Map()]),
  );
  const maps = new Map<string, Map<string, Set<string> | string>>(mapFields.map((f) => [f, new Map()]));
  for (const [code, output] of outputs) {
    for (const result of output.results) {
      const ids = groups.get(result.group)!;
      if (!ids.has(result.id)) ids.set(result.id, new Map());
      ids.get(result.id)!.set(code, result.value);
    }
  }
  const mapEntries = options.map ? [...[...outputs.values()].flatMap((o) => o.maps), ...extraMaps] : [];
  for (const entry of mapEntries) {
    const field = maps.get(entry.field)!;
    if (typeof entry.ids === 'string') field.set(entry.ocid, entry.ids);
    else {
      const set = (field.get(entry.ocid) as Set<string> | undefined) ?? new Set<string>();
      for (const id of entry.ids) set.add(id);
      field.set(entry.ocid, set);
    }
  }

  // Cardinal starts from [OCID, Tenderer], appends Buyer/ProcuringEntity when R038 flagged one,
  // then swap-removes OCID and Tenderer when they are empty (its IndexMap::swap_remove).
  const order: CardinalGroup[] = ['OCID', 'Tenderer'];
  if (groups.get('Buyer')!.size > 0) order.push('Buyer');
  if (groups.get('ProcuringEntity')!.size > 0) order.push('ProcuringEntity');
  for (const group of ['OCID', 'Tenderer'] as const) {
    if (groups.get(group)!.size > 0) continue;
    const at = order.indexOf(group);
    const last = order.pop()!;
    if (last !== group) order[at] = last;
  }

  const parts: string[] = [];
  const counts: string[] = [];
  for (const group of order) {
    const ids = groups.get(group)!;
    const entries = [...ids.keys()].sort(byCodePoint).map((id) => {
      const codes = ids.get(id)!;
      const values = [...codes.keys()].sort().map((code) => `${key(code)}:${rustF64(codes.get(code)!)}`);
      return `${key(id)}:{${values.join(',')}}`;
    });
    parts.push(`${key(group)}:{${entries.join(',')}}`);
    counts.push(`${group}: ${ids.size}`);
  }
  if (options.meta) {
    const meta = [...outputs.entries()]
      .filter(([, output]) => output.meta !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([code, output]) => `${key(code)}:{${output.meta!.map(([name, value]) => `${key(name)}:${rustF64(roundForMeta(value))}`).join(',')}}`);
    parts.push(`"Meta":{${meta.join(',')}}`);
  }
  if (options.map) {
    const fields = mapFields.map((field) => {
      const entries = maps.get(field)!;
      const written = [...entries.keys()].sort(byCodePoint).map((ocid) => {
        const value = entries.get(ocid)!;
        return `${key(ocid)}:${typeof value === 'string' ? key(value) : `[${[...value].map(key).sort(byCodePoint).join(',')}]`}`;
      });
      return `${key(field)}:{${written.join(',')}}`;
    });
    parts.push(`"Maps":{${fields.join(',')}}`);
  }
  return { text: `{${parts.join(',')}}\n`, counts };
}
