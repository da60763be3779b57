import { moneySchema, periodChecks, recordTypes, type RecordType } from '../../db/recordSchemas.ts';
import { rawTableColumns } from '../rawTableColumns.ts';
import { MAX_RECORD_BYTES } from '../validateRecord.ts';
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

/** What `z.string().trim()` removes: the ECMAScript WhiteSpace and LineTerminator characters. */
const JS_TRIMMED = '[\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]';

/** zod's own trim step (`.trim()`), recognised by its source text: any other overwrite has no SQL counterpart. */
const ZOD_TRIM_SOURCE = '(input) => input.trim()';

/**
 * Lines whose text DuckDB's JSON reader (yyjson, lenient) and JSON.parse might read differently,
 * or that the JavaScript validator checks beyond the schema: control characters and NUL, any
 * backslash escape (lone surrogates, `\u0000`), a BOM, `__proto__`, trailing commas, NaN/Infinity
 * and numbers that overflow a double. They are never accepted in SQL; validateRecord decides them.
 */
const NEEDS_JAVASCRIPT = String.raw`[\x00-\x1f\\\x{FEFF}]|__proto__|,\s*[\]}]|[:\[,]\s*[-+]?(?i:nan|inf)|[0-9][eE][+]?[0-9]{3}|[0-9]{300}`;

const MAX_SAFE_INTEGER = 9007199254740991;

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
const jsonPath = (name: string) => quote(`$."${name}"`);
/** Missing (SQL NULL) or JSON null. */
const absent = (value: string) => `coalesce(json_type(${value}), 'NULL') = 'NULL'`;

/**
 * Writes, from the zod record schemas (db/recordSchemas.ts), the SQL that stages one record type
 * from a table of raw lines. For each line it decides whether the line is certainly valid under
 * the contract (`_fast`) and, if so, its contract columns as the raw table stores them.
 *
 * `_fast` is conservative by construction: true only where JSON.parse and zod would accept the
 * line with the very same values. Everything else (bad lines, and valid lines SQL cannot be sure
 * of: escapes, money with more than two decimals, a date-time needing more than microseconds)
 * goes to the JavaScript validator, which writes the dead letter with its reason code, or accepts.
 * So dead letters keep one source of codes and reasons, and the SQL only has to be right when it
 * says yes, which test/ingest.sqlLoader.test.ts checks line by line against validateRecord.
 *
 * A schema step without a SQL counterpart (a new refine, transform or type) stops generation with
 * an SqlCheckError naming it, rather than letting SQL accept what zod would refuse.
 *
 * Input columns: seq, source, raw, msg_key, has_key. Output: seq, _fast, the contract columns,
 * _extra, _source.
 *
 * @example
 * await db.run(`create temp table staged as ${recordCheckSql('bids', 'incoming_lines')}`);
 */
export function recordCheckSql(type: RecordType, lines: string): string {
  const { schema, key } = recordTypes[type];
  const root = schema as unknown as ZodNode;
  const shape = root._zod.def.shape;
  if (!shape) throw new SqlCheckError('unsupported_schema', `${type}: the record schema is not an object`);
  const names = Object.keys(shape);
  const field = (name: string) => `f.${quoteIdentifier(name)}`;
  const structure = JSON.stringify(Object.fromEntries(names.map((name) => [name, 'JSON'])));
  const fieldChecks = names.map((name) => `      and ${checkValue(shape[name]!, field(name), `${type}.${name}`, 1)}`);
  const recordChecks = objectChecks(root, field, `${type}`);
  const known = `[${names.map(quote).join(', ')}]`;
  const removeKnown = quote(JSON.stringify(Object.fromEntries(names.map((name) => [name, null]))));
  const columns = rawTableColumns[type].map((column) => {
    const value = field(column.name);
    switch (column.kind) {
      case 'string':
        return `(${value} ->> '$') as ${quoteIdentifier(column.name)}`;
      case 'number':
        return `try_cast(${value} as double) as ${quoteIdentifier(column.name)}`;
      case 'integer':
        return `try_cast(try_cast(${value} as double) as bigint) as ${quoteIdentifier(column.name)}`;
      default:
        return `cast(${value} as varchar) as ${quoteIdentifier(column.name)}`;
    }
  });

  return `
    with screened as (
      -- grain: one row per line; can DuckDB's JSON reader be trusted to read it as JSON.parse would?
      select seq, source, raw, msg_key, has_key,
        coalesce(
          strlen(raw) <= ${MAX_RECORD_BYTES}
          and not regexp_matches(raw, ${quote(NEEDS_JAVASCRIPT)})
          and json_valid(raw),
          false) as valid_json
      from ${lines}
    ),

    readable as (
      -- grain: one row per line; JSON functions throw on bad JSON, and DuckDB may evaluate an
      -- expression for every row (shared subexpressions), so they only ever see valid JSON
      select seq, source, raw, msg_key, has_key, valid_json,
        case when valid_json then raw else '{}' end as json_text
      from screened
    ),

    parsed as (
      -- grain: one row per line; the record's top-level fields as JSON values, parsed once
      select seq, source, raw, msg_key, has_key, json_text,
        valid_json and json_type(json_text) = 'OBJECT' as parseable,
        case when json_type(json_text) = 'OBJECT' then json_transform(json_text, ${quote(structure)}) end as f,
        case when json_type(json_text) = 'OBJECT' then json_keys(json_text) end as keys
      from readable
    ),

    checked as (
      -- grain: one row per line; _fast when every check of the contract passes
      select *,
        coalesce(parseable
          and len(keys) = len(list_distinct(keys))
${fieldChecks.join('\n')}
          ${recordChecks.map((c) => `and ${c}`).join('\n          ')}
          and (not has_key or msg_key is not distinct from (${field(key)} ->> '$')),
        false) as _fast
      from parsed
    )

    select seq, _fast,
      ${columns.join(',\n      ')},
      case when _fast and not list_has_all(${known}, keys) then cast(json_merge_patch(json_text, ${removeKnown}) as varchar) end as _extra,
      source as _source
    from checked`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** SQL true when `value` (a JSON value, or SQL NULL when missing) certainly passes `schema`. */
function checkValue(schema: ZodNode, value: string, path: string, depth: number): string {
  if (schema === (moneySchema as unknown as ZodNode)) return checkMoney(schema, value, path);
  const def = schema._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable': {
      const inner = def.innerType!;
      const innerType = inner._zod.def.type;
      // nullish: both wrappers. One wrapper alone: SQL cannot tell missing from null at the top
      // level, so it accepts only a present value and leaves the rest to JavaScript.
      if ((innerType === 'optional' || innerType === 'nullable') && innerType !== def.type) {
        return `(${absent(value)} or ${checkValue(inner._zod.def.innerType!, value, path, depth)})`;
      }
      return checkValue(inner, value, path, depth);
    }
    case 'string':
      return checkString(schema, value, path);
    case 'enum': {
      const entries = Object.values(def.entries ?? {});
      if (!entries.every((e) => typeof e === 'string')) throw new SqlCheckError('unsupported_schema', `${path}: enum with non-text options`);
      return `(json_type(${value}) = 'VARCHAR' and (${value} ->> '$') in (${(entries as string[]).map(quote).join(', ')}))`;
    }
    case 'number':
      return checkNumber(schema, value, path, false);
    case 'array': {
      if ((def.checks ?? []).length > 0) throw new SqlCheckError('unsupported_schema', `${path}: array checks have no SQL counterpart`);
      const element = `e${depth}`;
      return `(json_type(${value}) = 'ARRAY' and coalesce(list_bool_and(list_transform(json_extract(${value}, '$[*]'), lambda ${element}: ${checkValue(def.element!, element, `${path}[]`, depth + 1)})), true))`;
    }
    case 'object': {
      const shape = def.shape ?? {};
      const names = Object.keys(shape);
      const member = (name: string) => `json_extract(${value}, ${jsonPath(name)})`;
      const parts = [
        `json_type(${value}) = 'OBJECT'`,
        `len(json_keys(${value})) = len(list_distinct(json_keys(${value})))`,
        ...names.map((name) => checkValue(shape[name]!, member(name), `${path}.${name}`, depth)),
        ...objectChecks(schema, member, path),
      ];
      // Only loose objects keep unknown fields as sent; others would drop or refuse them.
      if (def.catchall?._zod.def.type !== 'unknown') parts.push(`list_has_all([${names.map(quote).join(', ')}], json_keys(${value}))`);
      return `(${parts.join(' and ')})`;
    }
    default:
      throw new SqlCheckError('unsupported_schema', `${path}: zod type "${def.type}" has no SQL counterpart`);
  }
}

/** The object-level checks: only the declared period checks (periodInOrder) have a counterpart. */
function objectChecks(schema: ZodNode, member: (name: string) => string, path: string): string[] {
  return (schema._zod.def.checks ?? []).map((check) => {
    const period = periodChecks.get(check);
    if (!period) throw new SqlCheckError('unsupported_schema', `${path}: an object check (${check._zod.def.check}) has no SQL counterpart`);
    const start = member(period.start);
    const end = member(period.end);
    // Certain only when both instants read: Date.parse keeps milliseconds, DuckDB microseconds,
    // so "end not before start" in microseconds implies it in milliseconds too.
    return `(${absent(start)} or ${absent(end)} or not coalesce(try_cast(${end} ->> '$' as timestamptz) < try_cast(${start} ->> '$' as timestamptz), true))`;
  });
}

function checkString(schema: ZodNode, value: string, path: string): string {
  const def = schema._zod.def;
  const text = `(${value} ->> '$')`;
  const parts = [`json_type(${value}) = 'VARCHAR'`];
  if (def.pattern) parts.push(regexCheck(text, def.pattern, path));
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    switch (c.check) {
      case 'overwrite':
        if (String(c.tx) !== ZOD_TRIM_SOURCE) throw new SqlCheckError('unsupported_schema', `${path}: a string transform has no SQL counterpart`);
        // Accept only text trim() leaves as it is, so the stored value needs no transform.
        parts.push(`not regexp_matches(${text}, ${quote(`^${JS_TRIMMED}|${JS_TRIMMED}$`)})`);
        break;
      case 'min_length':
        // length() counts code points, never more than JavaScript's UTF-16 units: safe for a minimum.
        parts.push(`length(${text}) >= ${Number(c.minimum)}`);
        break;
      case 'max_length':
        // UTF-8 bytes are never fewer than UTF-16 units: safe for a maximum.
        parts.push(`strlen(${text}) <= ${Number(c.maximum)}`);
        break;
      case 'string_format':
        if (!c.pattern) throw new SqlCheckError('unsupported_schema', `${path}: string format ${c.format} has no pattern`);
        parts.push(regexCheck(text, c.pattern, path));
        break;
      default:
        throw new SqlCheckError('unsupported_schema', `${path}: string check ${c.check} has no SQL counterpart`);
    }
  }
  return `(${parts.join(' and ')})`;
}

function regexCheck(text: string, pattern: RegExp, path: string): string {
  if (pattern.flags.replace('g', '') !== '') throw new SqlCheckError('unsupported_schema', `${path}: regex flags /${pattern.flags} have no SQL counterpart`);
  return `regexp_full_match(${text}, ${quote(pattern.source)})`;
}

function checkNumber(schema: ZodNode, value: string, path: string, moneyRefinementsHandled: boolean): string {
  const def = schema._zod.def;
  const number = `try_cast(${value} as double)`;
  const parts = [`json_type(${value}) in ('UBIGINT', 'BIGINT', 'DOUBLE')`, `isfinite(${number})`];
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    switch (c.check) {
      case 'greater_than':
        parts.push(`${number} ${c.inclusive ? '>=' : '>'} ${Number(c.value)}`);
        break;
      case 'less_than':
        parts.push(`${number} ${c.inclusive ? '<=' : '<'} ${Number(c.value)}`);
        break;
      case 'number_format':
        if (c.format !== 'safeint' && c.format !== 'int32' && c.format !== 'uint32') {
          throw new SqlCheckError('unsupported_schema', `${path}: number format ${c.format} has no SQL counterpart`);
        }
        parts.push(`${number} = trunc(${number})`);
        parts.push(
          c.format === 'safeint'
            ? `abs(${number}) <= ${MAX_SAFE_INTEGER}`
            : c.format === 'int32'
              ? `${number} between -2147483648 and 2147483647`
              : `${number} between 0 and 4294967295`,
        );
        break;
      case 'custom':
        if (moneyRefinementsHandled) break;
        throw new SqlCheckError('unsupported_schema', `${path}: a number refinement has no SQL counterpart`);
      default:
        throw new SqlCheckError('unsupported_schema', `${path}: number check ${c.check} has no SQL counterpart`);
    }
  }
  return `(${parts.join(' and ')})`;
}

/**
 * Money (records.md "Common rules"): the declared number checks, and at most two decimals in
 * the number's shortest decimal form (DuckDB's JSON writer prints doubles shortest-first, as
 * JavaScript does), whatever the schema's own refinement or rounding step: a value with at most
 * two decimals is valid and stored unchanged under either; anything else goes to JavaScript.
 */
function checkMoney(schema: ZodNode, value: string, path: string): string {
  const def = schema._zod.def;
  const number = def.type === 'pipe' ? def.in! : schema;
  if (number._zod.def.type !== 'number') throw new SqlCheckError('unsupported_schema', `${path}: money is not a number schema`);
  return `(${checkNumber(number, value, path, true)} and regexp_full_match(cast(${value} as varchar), '[0-9]+(\\.[0-9]{1,2})?'))`;
}
