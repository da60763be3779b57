import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { readLineBuffers } from '../readLineBuffers.ts';

/** Why an OCDS line or package entry was dead-lettered: a closed set, counted in reports and tests. */
export type OcdsDeadLetterCode =
  | 'empty'
  | 'too_large'
  | 'bad_encoding'
  | 'bad_json'
  | 'not_object'
  | 'ocds_no_ocid'
  | 'ocds_duplicate_ocid'
  | 'ocds_no_compiled_release';

/** One release as read: accepted (its text and ocid) or refused (a dead letter with its reason). */
export type OcdsReadItem =
  | { ok: true; ocid: string; text: string; source: string }
  | { ok: false; code: OcdsDeadLetterCode; reason: string; source: string; raw: string | null; rawBytes: Uint8Array | null };

/** Thrown for a file that cannot be read at all (as opposed to a bad release inside it). */
export class OcdsInputError extends Error {
  constructor(
    readonly code: 'not_found' | 'package_too_large' | 'not_a_package',
    message: string,
  ) {
    super(message);
    this.name = 'OcdsInputError';
  }
}

/** A compiled release is tens of KB at most; DuckDB's JSON reader stops at 16 MB per value. */
export const MAX_RELEASE_BYTES = 16_000_000;

/**
 * Release and record packages are single JSON documents, parsed whole; beyond this size the
 * memory would be several times the file, so the reader refuses and says how to convert.
 */
export const MAX_PACKAGE_BYTES = 256_000_000;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads OCDS compiled releases from JSON Lines (one release per line, `file:line` as source) or,
 * for a `.json` file, from a release package (`releases[]`), a record package
 * (`records[].compiledRelease`), a JSON array of releases, or one release object. Lines are
 * streamed; packages are bounded by `maxPackageBytes`. Never throws for a bad release: it comes
 * back as a dead letter with its reason.
 *
 * @example
 * for await (const item of readOcdsReleases('fixtures/ocds/cardinal/R024/input.jsonl')) if (!item.ok) console.log(item.code);
 */
export async function* readOcdsReleases(path: string, options: { maxPackageBytes?: number } = {}): AsyncGenerator<OcdsReadItem> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new OcdsInputError('not_found', `OCDS file not found: ${path}`);
  }
  const name = basename(path);
  if (!/\.json$/i.test(path)) {
    for await (const { line, bytes } of readLineBuffers(path)) yield checkOcdsLine(bytes, `${name}:${line}`);
    return;
  }
  const limit = options.maxPackageBytes ?? MAX_PACKAGE_BYTES;
  if (size > limit) {
    throw new OcdsInputError(
      'package_too_large',
      `${path} is ${size} bytes, over the ${limit}-byte limit for a package read whole; convert it to JSON Lines of compiled releases (e.g. \`ocdskit compile --root-path releases.item\`) and load the .jsonl`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new OcdsInputError('not_a_package', `${path} is not valid JSON: ${(error as Error).message}`);
  }
  yield* packageEntries(document, name, path);
}

function* packageEntries(document: unknown, name: string, path: string): Generator<OcdsReadItem> {
  if (Array.isArray(document)) {
    for (const [index, value] of document.entries()) yield checkValue(value, `${name}#${index}`);
    return;
  }
  if (isObject(document) && Array.isArray(document.releases)) {
    for (const [index, value] of document.releases.entries()) yield checkValue(value, `${name}#releases/${index}`);
    return;
  }
  if (isObject(document) && Array.isArray(document.records)) {
    for (const [index, record] of document.records.entries()) {
      const source = `${name}#records/${index}/compiledRelease`;
      if (isObject(record) && isObject(record.compiledRelease)) yield checkValue(record.compiledRelease, source);
      else {
        const ocid = isObject(record) && typeof record.ocid === 'string' ? ` (ocid ${record.ocid})` : '';
        yield refuse('ocds_no_compiled_release', `record${ocid} has no compiledRelease object; compile its releases first (ocdskit compile)`, source, JSON.stringify(record));
      }
    }
    return;
  }
  if (isObject(document) && 'ocid' in document) {
    yield checkValue(document, `${name}#`);
    return;
  }
  throw new OcdsInputError('not_a_package', `${path} is neither a release package, a record package, an array of releases nor a release`);
}

/** One JSON Lines line checked as a release: its text and ocid, or a dead letter with its reason. */
export function checkOcdsLine(bytes: Buffer, source: string): OcdsReadItem {
  if (bytes.length > MAX_RELEASE_BYTES) {
    return refuse('too_large', `release of ${bytes.length} bytes exceeds the ${MAX_RELEASE_BYTES}-byte limit`, source, null);
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, code: 'bad_encoding', reason: 'not valid UTF-8', source, raw: Buffer.from(bytes).toString('utf8'), rawBytes: new Uint8Array(bytes) };
  }
  if (text.trim() === '') return refuse('empty', 'empty line: no release', source, text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return refuse('bad_json', `not valid JSON: ${(error as Error).message}`, source, text);
  }
  return checkParsed(parsed, text, source);
}

function checkValue(value: unknown, source: string): OcdsReadItem {
  return checkParsed(value, JSON.stringify(value), source);
}

function checkParsed(parsed: unknown, text: string, source: string): OcdsReadItem {
  if (!isObject(parsed)) {
    const got = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed;
    return refuse('not_object', `expected a release (a JSON object), got ${got}`, source, text);
  }
  if (typeof parsed.ocid !== 'string') {
    const got = parsed.ocid === undefined ? 'no ocid' : `an ocid of type ${parsed.ocid === null ? 'null' : typeof parsed.ocid}`;
    return refuse('ocds_no_ocid', `release has ${got}; OCDS requires a string ocid`, source, text);
  }
  return { ok: true, ocid: parsed.ocid, text, source };
}

function refuse(code: OcdsDeadLetterCode, reason: string, source: string, raw: string | null): OcdsReadItem {
  return { ok: false, code, reason, source, raw, rawBytes: null };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
