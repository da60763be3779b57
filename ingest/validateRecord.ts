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
}

/** Why a record was dead-lettered: a closed set, so reports and tests can count by reason. */
export type DeadLetterCode = 'empty' | 'too_large' | 'bad_encoding' | 'bad_json' | 'not_object' | 'schema' | 'key_mismatch';

export type ValidationResult =
  | { ok: true; record: unknown; extra: Record<string, unknown> | null }
  | { ok: false; code: DeadLetterCode; reason: string };

/** The largest record accepted: a tender record is a few KB; anything this big is a producer bug. */
export const MAX_RECORD_BYTES = 1_000_000;

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
  const size = typeof item.raw === 'string' ? Buffer.byteLength(item.raw) : item.raw.byteLength;
  if (size > MAX_RECORD_BYTES) {
    return { ok: false, code: 'too_large', reason: `record of ${size} bytes exceeds the ${MAX_RECORD_BYTES}-byte limit` };
  }
  let text: string;
  try {
    text = typeof item.raw === 'string' ? item.raw : decoder.decode(item.raw);
  } catch {
    return { ok: false, code: 'bad_encoding', reason: 'not valid UTF-8' };
  }
  if (text.trim() === '') return { ok: false, code: 'empty', reason: 'empty record: no bytes to parse' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, code: 'bad_json', reason: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, code: 'not_object', reason: `expected a JSON object, got ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed}` };
  }
  const { schema, key } = recordTypes[type];
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`);
    return { ok: false, code: 'schema', reason: `${type} record breaks the contract: ${issues.join('; ')}` };
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
