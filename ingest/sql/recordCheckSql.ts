import { moneySchema, periodChecks, recordTypes, type RecordType } from '../../db/recordSchemas.ts';
import { rawTableColumns } from '../rawTableColumns.ts';
import { MAX_NESTING_DEPTH, MAX_RECORD_BYTES } from '../validateRecord.ts';
import { SqlCheckError } from './SqlCheckError.ts';

/** The parts of a zod v4 schema object the generator reads (zod keeps them in `_zod.def`). */
interface ZodNode {
  _zod: {
    def: {
      type: string;
      innerType?: ZodNode;
      in?: ZodNode;
      out?: ZodNode;
      element?: ZodNode;
      shape?: Record<string, ZodNode>;
      catchall?: ZodNode;
      entries?: Record<string, unknown>;
      format?: string;
      pattern?: RegExp;
      checks?: ZodCheckNode[];
    };
  };
}

interface ZodCheckNode {
  _zod: {
    def: {
      check: string;
      value?: number | bigint;
      inclusive?: boolean;
      minimum?: number;
      maximum?: number;
      format?: string;
      pattern?: RegExp;
      tx?: (value: unknown) => unknown;
    };
  };
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** What `z.string().trim()` removes: the ECMAScript WhiteSpace and LineTerminator characters. */
const JS_TRIMMED = '[\\t\\n\\v\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]';

/** zod's own trim step (`.trim()`), recognised by its source text: any other overwrite has no SQL counterpart. */
const ZOD_TRIM_SOURCE = '(input) => input.trim()';

/**
 * Text DuckDB's JSON reader (yyjson, lenient) and JSON.parse might read differently, or that the
 * JavaScript validator checks beyond the schema, is never accepted in SQL; validateRecord decides
 * it. Cheap substring tests on every line: any backslash escape (lone surrogates, `\u0000`), NUL,
 * a BOM, `__proto__`, and trailing commas (yyjson accepts `[1,]`).
 */
const NEEDS_JAVASCRIPT = ['\\', '__proto__'].map((text) => `contains(raw, ${quote(text)})`).concat(['contains(raw, chr(0))', 'contains(raw, chr(65279))', `regexp_matches(raw, ',\\s*[\\]}]')`]);

/**
 * NaN, Infinity and numbers that overflow a double (yyjson reads them, JSON.parse refuses or makes
 * them Infinity) are caught by the number checks wherever the schema expects a number and by the
 * type checks elsewhere in the schema; this costlier search runs only on lines that carry fields
 * the schema does not know (at any level), where no check looks.
 */
export const LENIENT_NUMBERS = String.raw`[:\[,]\s*[-+]?(?i:nan|inf)|[:\[,]\s*-?[0-9.]+[eE][+]?[0-9]{3}|[0-9]{40}`;

/**
 * validateRecord's nesting bound (too_deep), only needed where fields the schema does not know
 * could nest: the schema's own fields are three levels deep at most. Counting every `{` and `[`
 * (in strings too) gives at least the depth, so a line under the bound by count is under it.
 * Where the unknown fields are all at the top, counting them in the (short) JSON of the extra
 * fields is enough, and much cheaper than in the whole line.
 */
const nestingAtMost = (text: string, limit: number) => `strlen(${text}) - strlen(replace(replace(${text}, '{', ''), '[', '')) <= ${limit}`;

const MAX_SAFE_INTEGER = 9007199254740991;

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;
const member = (name: string) => `."${name.replaceAll('"', '\\"')}"`;
const unsupported = (path: string, what: string) => new SqlCheckError('unsupported_schema', `${path}: ${what} has no SQL counterpart`);

/**
 * Writes, from the zod record schemas (db/recordSchemas.ts), the SQL that stages one record type
 * from a table of raw lines. For each line it decides whether the line is certainly valid under
 * the contract (`_fast`) and, if so, its contract columns as the raw table stores them.
 *
 * `_fast` is conservative by construction: true only where JSON.parse and zod would accept the
 * line with the very same values. Everything else (bad lines, and valid lines SQL cannot be sure
 * of: escapes, money with more than two decimals, a duplicated key) goes to the JavaScript
 * validator, which writes the dead letter with its reason code, or accepts. So dead letters keep
 * one source of codes and reasons, and the SQL only has to be right when it says yes, which
 * test/ingest.sqlLoader.test.ts checks line by line against validateRecord.
 *
 * Each line is parsed once into the JSON text of its top-level fields (`json_transform` to JSON
 * leaves, which also gives their JSON types by their first character: `"` text, a digit or `-` a
 * number, `{` an object, `[` an array), once for its keys, and each nested object or array once
 * more, on its own small text. Few parses per line: DuckDB's cost here is building each
 * function's result, not yyjson's parsing.
 *
 * A schema step without a SQL counterpart (a new refine, transform or type, deeper nesting) stops
 * generation with an SqlCheckError naming it, rather than letting SQL accept what zod refuses.
 *
 * Input columns (`lines` is a table or a parenthesised query with an alias): seq, source, raw,
 * msg_key, has_key. Output: seq, _fast, the contract columns (nested values as DuckDB JSON),
 * _extra (JSON), _source, and for the lines not accepted (`not _fast`) _raw, _msg_key, _has_key.
 *
 * @example
 * await db.run(`create temp table staged as ${recordCheckSql('bids', 'incoming_lines')}`);
 */
export function recordCheckSql(type: RecordType, lines: string): string {
  const { schema, key } = recordTypes[type];
  const root = schema as unknown as ZodNode;
  const shape = root._zod.def.shape;
  if (!shape) throw new SqlCheckError('unsupported_schema', `${type}: the record schema is not an object`);
  const plan = new ParsePlan();
  const names = Object.keys(shape);
  const field = (name: string) => `v${member(name)}`;
  const checks = names.map((name) => checkField(shape[name]!, field(name), `${type}.${name}`, plan));
  checks.push(...periodChecksOf(root, (name) => textOf(field(name)), type));
  const structure = JSON.stringify(Object.fromEntries(names.map((name) => [name, 'JSON'])));
  const columns = rawTableColumns[type].map((column) => {
    const value = field(column.name);
    switch (column.kind) {
      case 'string':
        return `${textOf(value)} as ${quoteIdentifier(column.name)}`;
      case 'number':
        return `${numberOf(value)} as ${quoteIdentifier(column.name)}`;
      case 'integer':
        return `try_cast(${numberOf(value)} as bigint) as ${quoteIdentifier(column.name)}`;
      default:
        // Kept as DuckDB JSON: the raw table's column type, so the insert does not parse it again.
        return `${value} as ${quoteIdentifier(column.name)}`;
    }
  });
  const removeKnown = quote(JSON.stringify(Object.fromEntries(names.map((name) => [name, null]))));

  return `
    with screened as (
      -- grain: one row per line; can DuckDB's JSON reader be trusted to read it as JSON.parse would?
      select seq, source, raw, msg_key, has_key,
        coalesce(strlen(raw) <= ${MAX_RECORD_BYTES} and not (${NEEDS_JAVASCRIPT.join(' or ')}) and json_valid(raw), false) as valid_json
      from ${lines}
    ),

    parsed as (
      -- grain: one row per line; the JSON text of each top-level field, and the keys.
      -- JSON functions throw on bad JSON, and DuckDB may evaluate an expression for every row
      -- (shared subexpressions), so they only ever see valid JSON
      select *,
        valid_json and regexp_matches(raw, '^\\s*\\{') as is_object,
        json_transform(json_text, ${quote(structure)}) as v,
        json_keys(json_text) as keys
      from (select *, case when valid_json then raw else '{}' end as json_text from screened)
    ),

    nested as (
      -- grain: one row per line; nested objects and arrays, each parsed from its own small text,
      -- and the fields the schema does not know (kept in the raw table's _extra)
      select *${plan.derived.map((expr, i) => `,\n        ${expr} as d${i + 1}`).join('')},
        case when not ${onlyKnownKeys(root, 'keys')} then json_merge_patch(json_text, ${removeKnown}) end as extra
      from parsed
    ),

    checked as (
      -- grain: one row per line; _fast when every check of the contract passes
      select *,
        coalesce(is_object
          and ${keysOnceEach(root, 'keys')}
          ${checks.map((c) => `and ${c}`).join('\n          ')}
          and (not has_key or msg_key is not distinct from ${textOf(field(key))})
          and case when extra is null and ${plan.knownOnly.length > 0 ? plan.knownOnly.join(' and ') : 'true'} then true
            else not regexp_matches(raw, ${quote(LENIENT_NUMBERS)})
              and case when ${plan.knownOnly.length > 0 ? plan.knownOnly.join(' and ') : 'true'} then ${nestingAtMost('cast(extra as varchar)', MAX_NESTING_DEPTH)} else ${nestingAtMost('raw', MAX_NESTING_DEPTH)} end end,
        false) as _fast
      from nested
    )

    select seq, _fast,
      ${columns.join(',\n      ')},
      case when _fast then extra end as _extra,
      source as _source,
      -- what validateRecord needs of the lines SQL does not accept
      case when not _fast then raw end as _raw, msg_key as _msg_key, has_key as _has_key
    from checked`;
}

/** The nested parses the staging query needs (columns d1, d2 …) and what "no unknown field" means below the top. */
class ParsePlan {
  readonly derived: string[] = [];
  /** Conditions that hold when nested objects carry no field the schema does not know. */
  readonly knownOnly: string[] = [];

  derive(expression: string): string {
    this.derived.push(expression);
    return `d${this.derived.length}`;
  }
}

/** The text of a JSON string given as its JSON text (no escapes reach here: NEEDS_JAVASCRIPT). */
const textOf = (json: string) => `substr(${json}, 2, length(${json}) - 2)`;
const numberOf = (json: string) => `try_cast(${json} as double)`;
const isText = (json: string) => `starts_with(${json}, '"')`;
/** yyjson writes numbers as digits, `-`, `.` and an exponent; NaN and Infinity as letters, which never match. */
const isNumber = (json: string) => `regexp_full_match(${json}, '-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?')`;

/** How a value may be absent: zod's nullish (optional and nullable) or required. */
interface Unwrapped {
  schema: ZodNode;
  nullish: boolean;
}

/**
 * Strips optional/nullable wrappers. Only both together (nullish) count as "may be absent": with
 * one alone SQL cannot tell a missing field from a null one, so it accepts only a present value.
 */
function unwrap(schema: ZodNode): Unwrapped {
  const def = schema._zod.def;
  if (def.type !== 'optional' && def.type !== 'nullable') return { schema, nullish: false };
  const inner = def.innerType!;
  const innerType = inner._zod.def.type;
  if ((innerType === 'optional' || innerType === 'nullable') && innerType !== def.type) return { schema: unwrap(inner._zod.def.innerType!).schema, nullish: true };
  return { schema: unwrap(inner).schema, nullish: false };
}

const isMoney = (schema: ZodNode) => schema === (moneySchema as unknown as ZodNode);

function kindOf(schema: ZodNode, path: string): 'scalar' | 'object' | 'array' {
  if (isMoney(schema)) return 'scalar';
  const type = schema._zod.def.type;
  if (type === 'string' || type === 'enum' || type === 'number') return 'scalar';
  if (type === 'object' || type === 'array') return type;
  throw unsupported(path, `zod type "${type}"`);
}

const knownNames = (schema: ZodNode) => `[${Object.keys(schema._zod.def.shape ?? {}).map(quote).join(', ')}]::varchar[]`;
const membersAsJson = (schema: ZodNode) => JSON.stringify(Object.fromEntries(Object.keys(schema._zod.def.shape ?? {}).map((name) => [name, 'JSON'])));

/**
 * The keys exactly as the schema declares them, in its order: how every producer we know writes
 * a record (JSON.stringify of an object built field by field). One list comparison then answers
 * "each key once" and "no unknown key" at once; list_distinct and list_has_all build a hash set
 * per row (about 0.15 CPU s per 100k bids each), so they only run on the rows this does not settle
 * (`case`, not `or`: DuckDB evaluates both sides of an `or` on every row).
 */
const keysAsDeclared = (schema: ZodNode, keys: string) => `${keys} = ${knownNames(schema)}`;

/** Keys of a JSON object each once: JSON.parse keeps the last of duplicates, DuckDB the first. */
const keysOnceEach = (schema: ZodNode, keys: string) => `case when ${keysAsDeclared(schema, keys)} then true else len(${keys}) = len(list_distinct(${keys})) end`;

/** No key the schema does not know. */
const onlyKnownKeys = (schema: ZodNode, keys: string) => `case when ${keysAsDeclared(schema, keys)} then true else list_has_all(${knownNames(schema)}, ${keys}) end`;

/** Only loose objects keep unknown fields as sent; a strict or stripping object must have none. */
function strictness(schema: ZodNode, keys: string): string[] {
  return schema._zod.def.catchall?._zod.def.type === 'unknown' ? [] : [onlyKnownKeys(schema, keys)];
}

/**
 * `check` where `value` is present, true where it is SQL NULL. A CASE, not `value is null or
 * check`: DuckDB evaluates both sides of an OR for every row, and a list check's lambda costs
 * even on a NULL list (the two optional id lists of 1M bids took half the bids' check time).
 */
const whenPresent = (value: string, check: string) => `case when ${value} is null then true else ${check} end`;

/** SQL true when `json` (a value's JSON text; SQL NULL when missing or null) certainly passes `field`. */
function checkField(field: ZodNode, json: string, path: string, plan: ParsePlan): string {
  const { schema, nullish } = unwrap(field);
  const orAbsent = (inner: string) => (nullish ? whenPresent(json, inner) : inner);
  switch (kindOf(schema, path)) {
    case 'scalar':
      return orAbsent(checkScalar(schema, json, path));
    case 'object': {
      const keys = plan.derive(`case when starts_with(${json}, '{') then json_keys(${json}) end`);
      const members = plan.derive(`case when starts_with(${json}, '{') then json_transform(${json}, ${quote(membersAsJson(schema))}) end`);
      plan.knownOnly.push(`coalesce(${onlyKnownKeys(schema, keys)}, true)`);
      const parts = [
        `starts_with(${json}, '{')`,
        keysOnceEach(schema, keys),
        ...strictness(schema, keys),
        ...memberChecks(schema, (name) => `${members}${member(name)}`, path),
      ];
      return orAbsent(`(${parts.join(' and ')})`);
    }
    case 'array': {
      const def = schema._zod.def;
      if ((def.checks ?? []).length > 0) throw unsupported(path, 'an array check');
      const element = unwrap(def.element!);
      const elementPath = `${path}[]`;
      const elements = plan.derive(`case when starts_with(${json}, '[') then json_transform(${json}, '["JSON"]') end`);
      const parts = [`starts_with(${json}, '[')`];
      const orNull = (inner: string) => (element.nullish ? whenPresent('e', inner) : inner);
      // coalesce inside: list_bool_and skips NULLs, and a check on a null element is NULL.
      const everyElement = (list: string, check: string) => `coalesce(list_bool_and(list_transform(${list}, lambda e: coalesce(${check}, false))), true)`;
      if (kindOf(element.schema, elementPath) === 'scalar') {
        parts.push(everyElement(elements, orNull(checkScalar(element.schema, 'e', elementPath))));
      } else if (kindOf(element.schema, elementPath) === 'object') {
        const objects = plan.derive(`case when starts_with(${json}, '[') then json_transform(${json}, ${quote(`[${membersAsJson(element.schema)}]`)}) end`);
        const keys = 'json_keys(e)';
        plan.knownOnly.push(whenPresent(elements, everyElement(elements, whenPresent('e', onlyKnownKeys(element.schema, keys)))));
        parts.push(everyElement(elements, orNull([`starts_with(e, '{')`, keysOnceEach(element.schema, keys), ...strictness(element.schema, keys)].join(' and '))));
        const checks = memberChecks(element.schema, (name) => `e${member(name)}`, elementPath);
        if (checks.length > 0) parts.push(everyElement(objects, whenPresent('e', `(${checks.join(' and ')})`)));
      } else {
        throw unsupported(elementPath, 'an array of arrays');
      }
      return orAbsent(`(${parts.join(' and ')})`);
    }
  }
}

/** The checks of an object's members (scalars only) and of its declared periods. */
function memberChecks(schema: ZodNode, memberJson: (name: string) => string, path: string): string[] {
  const checks = Object.entries(schema._zod.def.shape ?? {}).map(([name, memberSchema]) => {
    const m = unwrap(memberSchema);
    const memberPath = `${path}.${name}`;
    if (kindOf(m.schema, memberPath) !== 'scalar') throw unsupported(memberPath, 'nesting this deep');
    const check = checkScalar(m.schema, memberJson(name), memberPath);
    return m.nullish ? whenPresent(memberJson(name), check) : check;
  });
  return [...checks, ...periodChecksOf(schema, (name) => textOf(memberJson(name)), path)];
}

/** One scalar, from its JSON text: the right JSON type and a value that passes the schema's checks. */
function checkScalar(schema: ZodNode, json: string, path: string): string {
  if (isMoney(schema)) {
    const def = schema._zod.def;
    const number = def.type === 'pipe' ? def.in! : schema;
    if (number._zod.def.type !== 'number') throw unsupported(path, 'money that is not a number schema');
    // Money (records.md "Common rules"): the declared bounds, and a whole number of cents: the
    // double nearest to a cent amount, which zod's refinement accepts and its rounding keeps as it
    // is. Anything else (more decimals, float artefacts) is left to JavaScript.
    const value = numberOf(json);
    return `(${isNumber(json)} and ${numberChecks(number, value, path, true)} and round(${value} * 100) / 100 = ${value})`;
  }
  const def = schema._zod.def;
  switch (def.type) {
    case 'string': {
      const checks = stringChecks(schema, textOf(json), path);
      return checks === 'true' ? isText(json) : `(${isText(json)} and ${checks})`;
    }
    case 'enum': {
      const entries = Object.values(def.entries ?? {});
      if (!entries.every((e) => typeof e === 'string')) throw unsupported(path, 'an enum with non-text options');
      return `${json} in (${(entries as string[]).map((e) => quote(JSON.stringify(e))).join(', ')})`;
    }
    case 'number':
      return `(${isNumber(json)} and ${numberChecks(schema, numberOf(json), path, false)})`;
    default:
      throw unsupported(path, `zod type "${def.type}"`);
  }
}

function stringChecks(schema: ZodNode, text: string, path: string): string {
  const def = schema._zod.def;
  const parts: string[] = [];
  if (def.pattern) parts.push(regexCheck(text, def.pattern, path));
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    switch (c.check) {
      case 'overwrite': {
        if (String(c.tx) !== ZOD_TRIM_SOURCE) throw unsupported(path, 'a string transform');
        // Accept only text trim() leaves as it is, so the stored value needs no transform.
        parts.push(`not regexp_matches(${text}, ${quote(`^${JS_TRIMMED}|${JS_TRIMMED}$`)})`);
        break;
      }
      case 'min_length':
        // length() counts code points, never more than JavaScript's UTF-16 units: safe for a minimum.
        parts.push(`length(${text}) >= ${Number(c.minimum)}`);
        break;
      case 'max_length':
        // UTF-8 bytes are never fewer than UTF-16 units: safe for a maximum.
        parts.push(`strlen(${text}) <= ${Number(c.maximum)}`);
        break;
      case 'string_format':
        if (!c.pattern) throw unsupported(path, `string format ${c.format} without a pattern`);
        parts.push(regexCheck(text, c.pattern, path));
        break;
      default:
        throw unsupported(path, `string check ${c.check}`);
    }
  }
  return parts.length === 0 ? 'true' : parts.join(' and ');
}

function regexCheck(text: string, pattern: RegExp, path: string): string {
  if (pattern.flags.replace('g', '') !== '') throw unsupported(path, `regex flags /${pattern.flags}`);
  return `regexp_full_match(${text}, ${quote(pattern.source)})`;
}

function numberChecks(schema: ZodNode, number: string, path: string, moneyRefinementsHandled: boolean): string {
  const parts = [`isfinite(${number})`];
  for (const check of schema._zod.def.checks ?? []) {
    const c = check._zod.def;
    switch (c.check) {
      case 'greater_than':
        parts.push(`${number} ${c.inclusive ? '>=' : '>'} ${Number(c.value)}`);
        break;
      case 'less_than':
        parts.push(`${number} ${c.inclusive ? '<=' : '<'} ${Number(c.value)}`);
        break;
      case 'number_format': {
        const bounds: Record<string, [number, number]> = { safeint: [-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER], int32: [-2147483648, 2147483647], uint32: [0, 4294967295] };
        const range = bounds[c.format ?? ''];
        if (!range) throw unsupported(path, `number format ${c.format}`);
        parts.push(`${number} = trunc(${number}) and ${number} between ${range[0]} and ${range[1]}`);
        break;
      }
      case 'custom':
        if (moneyRefinementsHandled) break;
        throw unsupported(path, 'a number refinement');
      default:
        throw unsupported(path, `number check ${c.check}`);
    }
  }
  return parts.join(' and ');
}

/** The object-level checks: only the declared period checks (periodInOrder) have a counterpart. */
function periodChecksOf(schema: ZodNode, value: (name: string) => string, path: string): string[] {
  return (schema._zod.def.checks ?? []).map((check) => {
    const period = periodChecks.get(check);
    if (!period) throw unsupported(path, `an object check (${check._zod.def.check})`);
    const start = value(period.start);
    const end = value(period.end);
    // Certain only when both instants read: Date.parse keeps milliseconds, DuckDB microseconds,
    // so "end not before start" in microseconds implies it in milliseconds too.
    return `(${start} is null or ${end} is null or not coalesce(try_cast(${end} as timestamptz) < try_cast(${start} as timestamptz), true))`;
  });
}
