import { recordTypes, type RecordType } from '../db/recordSchemas.ts';

/** One message or line as it arrived, before any parsing. */
export interface IncomingRecord {
  /**
   * The bytes as they arrived: a file line or a Kafka message value (null for a tombstone).
   * Both paths hand over bytes so both decode the same way (a BOM is dropped, invalid UTF-8 is
   * rejected). Text is accepted too, for tests and callers that already hold a string.
   */
  raw: string | Uint8Array | null;
  /** Where it came from: `bids.jsonl:17` or `tender.bids/2/1043`. */
  source: string;
  /** The Kafka message key (files have none: undefined). When present it must equal the record's id. */
  key?: string | null;
  /** The full size in bytes when `raw` holds only the first bytes of an over-long line (see readLineBuffers). */
  size?: number;
}

/** Why a record was dead-lettered: a closed set, so reports and tests can count by reason. */
export type DeadLetterCode =
  | 'empty'
  | 'too_large'
  | 'too_deep'
  | 'bad_encoding'
  | 'bad_json'
  | 'not_object'
  | 'out_of_range'
  | 'schema'
  | 'key_mismatch';

export type ValidationResult =
  | { ok: true; record: unknown; extra: Record<string, unknown> | null }
  | { ok: false; code: DeadLetterCode; reason: string };

/** The largest record accepted: a tender record is a few KB; anything this big is a producer bug. */
export const MAX_RECORD_BYTES = 1_000_000;

/**
 * The deepest nesting of objects and arrays accepted, checked on the text before parsing: the
 * contract's deepest field is 3 levels down (a company's qualifications), and a line nested
 * thousands deep overflowed the validator's stack and stopped the whole load.
 */
export const MAX_NESTING_DEPTH = 32;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The contract's field names per type: anything else in a record is kept as an extra field. */
const knownFields = Object.fromEntries(
  Object.entries(recordTypes).map(([type, { schema }]) => [type, new Set(Object.keys((schema as unknown as { shape: Record<string, unknown> }).shape))]),
) as Record<RecordType, Set<string>>;

/**
 * Checks one incoming record against the contract (records.md). Never throws: every failure
 * comes back with a code and a reason a person can act on, for the dead-letter table.
 */
export function validateRecord(type: RecordType, item: IncomingRecord): ValidationResult {
  if (item.raw === null) return { ok: false, code: 'empty', reason: 'no value (a Kafka tombstone): nothing to parse' };
  const size = item.size ?? (typeof item.raw === 'string' ? Buffer.byteLength(item.raw) : item.raw.byteLength);
  if (size > MAX_RECORD_BYTES) {
    return { ok: false, code: 'too_large', reason: `record of ${size} bytes exceeds the ${MAX_RECORD_BYTES}-byte limit` };
  }
  let text: string;
  try {
    // The decoder drops a leading BOM; text handed over as a string gets the same treatment.
    text = typeof item.raw === 'string' ? item.raw.replace(/^\uFEFF/, '') : decoder.decode(item.raw);
  } catch {
    return { ok: false, code: 'bad_encoding', reason: 'not valid UTF-8' };
  }
  if (text.trim() === '') return { ok: false, code: 'empty', reason: 'empty record: no bytes to parse' };
  if (nestingDepthExceeds(text, MAX_NESTING_DEPTH)) {
    return { ok: false, code: 'too_deep', reason: `objects and arrays nested more than ${MAX_NESTING_DEPTH} levels deep` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, code: 'bad_json', reason: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, code: 'not_object', reason: `expected a JSON object, got ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed}` };
  }
  const unsafe = findUnsafeValue(parsed, '');
  if (unsafe) return { ok: false, ...unsafe };
  const { schema, key } = recordTypes[type];
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`);
    const outOfRange = result.error.issues.some((issue) => issue.code === 'too_big' && (issue.origin === 'number' || issue.origin === 'int'));
    return { ok: false, code: outOfRange ? 'out_of_range' : 'schema', reason: `${type} record breaks the contract: ${issues.join('; ')}` };
  }
  const record = result.data as Record<string, unknown>;
  if (item.key !== undefined && item.key !== record[key]) {
    const got = item.key === null ? 'the message has no key' : `message key "${item.key}" differs`;
    return { ok: false, code: 'key_mismatch', reason: `${got}; the record's ${key} is "${String(record[key])}"` };
  }
  const known = knownFields[type];
  const extraEntries = Object.entries(record).filter(([name]) => !known.has(name));
  return { ok: true, record, extra: extraEntries.length > 0 ? Object.fromEntries(extraEntries) : null };
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** True when the JSON text opens more than `limit` objects or arrays inside each other (strings skipped). */
function nestingDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * What JSON allows but a record must not hold, found in one walk of the parsed value (depth is
 * bounded above): a number that overflowed to Infinity (`1e400`), a NUL character in a text, which
 * is corruption in every field of the contract and breaks the text reports, and a `__proto__` key,
 * which would replace the prototype of the validated object instead of being kept as a field.
 */
const loneSurrogate = /\p{Surrogate}/u;

function findUnsafeValue(value: unknown, path: string): { code: DeadLetterCode; reason: string } | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? null : { code: 'out_of_range', reason: `${path || '(record)'}: number too large for a double (read as ${value})` };
  }
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { code: 'bad_encoding', reason: `${path || '(record)'}: text contains a NUL character (U+0000)` };
    // A lone surrogate (`"\ud800"` written as an escape) is valid JSON but no Unicode text: DuckDB's
    // JSON type refuses it, which would stop the whole load at the raw-table cast.
    return loneSurrogate.test(value) ? { code: 'bad_encoding', reason: `${path || '(record)'}: text contains a lone UTF-16 surrogate (an escape such as \\ud800 that is no character)` } : null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findUnsafeValue(value[i], `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  for (const name of Object.keys(value)) {
    const at = path ? `${path}.${name}` : name;
    if (name === '__proto__') return { code: 'schema', reason: `${at}: the field name "__proto__" is not allowed` };
    if (name.includes('\u0000') || loneSurrogate.test(name)) return { code: 'bad_encoding', reason: `${at}: field name contains a NUL character or a lone surrogate` };
    const found = findUnsafeValue((value as Record<string, unknown>)[name], at);
    if (found) return found;
  }
  return null;
}
