import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDirectory } from '../ingest/loadDirectory.ts';
import { MAX_RECORD_BYTES } from '../ingest/validateRecord.ts';
import { withDatabase, withTempDir } from './support/withDatabase.ts';

const updatedAt = '2024-03-01T09:00:00+08:00';
const bidFields = { tender_id: 'T1', bidder_id: 'C1', price: 100, status: 'valid', updated_at: updatedAt };
const bid = (id: string, fields: Record<string, unknown> = {}) => JSON.stringify({ id, ...bidFields, ...fields });
/** A bid whose `price` is written as the literal JSON text given (1e400, NaN …), which JSON.stringify cannot express. */
const bidWithPriceText = (id: string, priceText: string) => bid(id).replace('"price":100', `"price":${priceText}`);
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

type Expected =
  | { deadLetter: string; reasonContains?: string }
  | { row: Record<string, unknown> };

interface FuzzCase {
  name: string;
  /** The case's lines in bids.jsonl; the expectation is about the first (a dead letter) or the stored row of its id. */
  lines: (string | Buffer)[];
  /** Line break after each line (default "\n"). */
  lineBreak?: string;
  expected: Expected;
}

/**
 * Each case is one or two lines of bids.jsonl, all in one file, loaded once: a bad line never
 * stops the load, and each line ends as exactly one accepted row or one dead letter with its reason.
 */
const cases: FuzzCase[] = [
  { name: 'price 1e150 (valid JSON, beyond any real amount)', lines: [bid('huge-150', { price: 1e150 })], expected: { deadLetter: 'out_of_range', reasonContains: 'price' } },
  { name: 'price 1e300', lines: [bid('huge-300', { price: 1e300 })], expected: { deadLetter: 'out_of_range' } },
  { name: 'price 1e400 (overflows a double to Infinity)', lines: [bidWithPriceText('huge-400', '1e400')], expected: { deadLetter: 'out_of_range', reasonContains: 'Infinity' } },
  { name: 'price just below the bound is accepted', lines: [bid('max-money', { price: 9_999_999_999_999.99 })], expected: { row: { id: 'max-money', price: 9_999_999_999_999.99 } } },
  { name: 'price NaN (not JSON)', lines: [bidWithPriceText('nan', 'NaN')], expected: { deadLetter: 'bad_json' } },
  { name: 'price Infinity (not JSON)', lines: [bidWithPriceText('inf', 'Infinity')], expected: { deadLetter: 'bad_json' } },
  { name: 'price 1e-400 (underflows to zero: a valid 0)', lines: [bidWithPriceText('tiny', '1e-400')], expected: { row: { id: 'tiny', price: 0 } } },
  { name: 'rank 1e300 (an integer beyond BIGINT)', lines: [bid('rank-huge', { rank: 1e300 })], expected: { deadLetter: 'out_of_range', reasonContains: 'rank' } },
  { name: 'score 1e300 (not money: kept as a double)', lines: [bid('score-huge', { score: 1e300 })], expected: { row: { id: 'score-huge', score: 1e300 } } },
  { name: 'nested 5,000 deep', lines: [bid('deep-5000', { note: '' }).replace('"note":""', `"note":${nested(5000)}`)], expected: { deadLetter: 'too_deep' } },
  { name: 'nested 33 deep (one past the bound)', lines: [bid('deep-33', { note: '' }).replace('"note":""', `"note":${nested(32)}`)], expected: { deadLetter: 'too_deep' } },
  { name: 'brackets inside a string are not nesting', lines: [bid('brackets', { note: nested(5000) })], expected: { row: { id: 'brackets', bidder_id: 'C1' } } },
  { name: '10 MB line', lines: [bid('ten-mb', { note: 'x'.repeat(10 * 1024 * 1024) })], expected: { deadLetter: 'too_large', reasonContains: `${MAX_RECORD_BYTES}-byte limit` } },
  { name: 'a raw NUL byte', lines: [Buffer.concat([Buffer.from(bid('nul-raw').slice(0, -1)), Buffer.from([0]), Buffer.from('}')])], expected: { deadLetter: 'bad_json' } },
  { name: 'an escaped NUL in an id', lines: [bid('nul-escaped', { bidder_id: 'C\u00001' })], expected: { deadLetter: 'bad_encoding', reasonContains: 'NUL' } },
  { name: 'a lone surrogate escape in a list', lines: [bid('surrogate', { key_staff_ids: ['P1'] }).replace('"P1"', '"\\ud800"')], expected: { deadLetter: 'bad_encoding', reasonContains: 'surrogate' } },
  { name: 'a surrogate pair escape is a character', lines: [bid('pair', { note: 'x' }).replace('"note":"x"', '"note":"\\ud83d\\ude00"')], expected: { row: { id: 'pair', bidder_id: 'C1' } } },
  { name: 'invalid UTF-8', lines: [Buffer.concat([Buffer.from(bid('bad-utf8').slice(0, -1)), Buffer.from([0x2c, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])])], expected: { deadLetter: 'bad_encoding' } },
  { name: 'a byte-order mark before the record', lines: [`\uFEFF${bid('bom')}`], expected: { row: { id: 'bom', bidder_id: 'C1' } } },
  { name: 'CRLF line endings', lines: [bid('crlf-1'), bid('crlf-2', { bidder_id: 'C2' })], lineBreak: '\r\n', expected: { row: { id: 'crlf-2', bidder_id: 'C2' } } },
  { name: 'a lone CR ends a line too', lines: [bid('cr-1'), bid('cr-2', { bidder_id: 'C3' })], lineBreak: '\r', expected: { row: { id: 'cr-2', bidder_id: 'C3' } } },
  { name: 'a __proto__ key', lines: [bid('proto').replace('{', '{"__proto__":{"status":"withdrawn","polluted":true},')], expected: { deadLetter: 'schema', reasonContains: '__proto__' } },
  { name: 'a constructor key is an ordinary extra field', lines: [bid('ctor', { constructor: { name: 'x' } })], expected: { row: { id: 'ctor', extra: '{"constructor":{"name":"x"}}' } } },
  {
    name: 'duplicate ids with equal updated_at: the first one wins',
    lines: [bid('dup', { bidder_id: 'FIRST' }), bid('dup', { bidder_id: 'SECOND' })],
    expected: { row: { id: 'dup', bidder_id: 'FIRST' } },
  },
  { name: 'an empty line', lines: [''], expected: { deadLetter: 'empty' } },
  { name: 'a line of blanks', lines: ['  \t '], expected: { deadLetter: 'empty' } },
  { name: 'an array', lines: ['[1,2,3]'], expected: { deadLetter: 'not_object' } },
  { name: 'a bare number', lines: ['1e400'], expected: { deadLetter: 'not_object' } },
  { name: 'a truncated record', lines: [bid('cut').slice(0, 30)], expected: { deadLetter: 'bad_json' } },
  { name: 'price as text', lines: [bid('text-price', { price: '100' })], expected: { deadLetter: 'schema' } },
];

describe('ingest of hostile lines (one table, one load)', () => {
  it('turns every line into an accepted row or a dead letter with its reason, and never stops', async () => {
    await withTempDir(async (dir) => {
      const chunks: Buffer[] = [];
      const firstLine = new Map<string, number>();
      let line = 0;
      for (const fuzz of cases) {
        firstLine.set(fuzz.name, line + 1);
        for (const text of fuzz.lines) {
          line += 1;
          chunks.push(Buffer.isBuffer(text) ? text : Buffer.from(text), Buffer.from(fuzz.lineBreak ?? '\n'));
        }
      }
      writeFileSync(join(dir, 'bids.jsonl'), Buffer.concat(chunks));
      writeFileSync(join(dir, 'tenders.jsonl'), `${JSON.stringify({ id: 'T1', title: '标段', buyer_id: 'B1', method: 'open', category: 'works', updated_at: updatedAt })}\n`);

      await withDatabase(async (db) => {
        const summary = await loadDirectory(db, dir);
        expect(summary.bids.read).toBe(line);
        expect(summary.bids.read).toBe(summary.bids.accepted + summary.bids.deadLettered);
        const deadLetters = new Map(
          (await db.query<{ source: string; reason_code: string; reason: string; raw_length: number | null }>(
            'select source, reason_code, reason, length(raw)::integer as raw_length from dead_letters',
          )).map((d) => [d.source, d]),
        );
        const rows = new Map(
          (await db.query<Record<string, unknown> & { id: string }>('select id, bidder_id, price, score, _extra::varchar as extra from raw_bids')).map((r) => [r.id, r]),
        );
        for (const fuzz of cases) {
          const source = `bids.jsonl:${firstLine.get(fuzz.name)}`;
          if ('deadLetter' in fuzz.expected) {
            const found = deadLetters.get(source);
            expect({ case: fuzz.name, code: found?.reason_code }).toEqual({ case: fuzz.name, code: fuzz.expected.deadLetter });
            if (fuzz.expected.reasonContains) expect(found?.reason, fuzz.name).toContain(fuzz.expected.reasonContains);
          } else {
            const { id, ...fields } = fuzz.expected.row;
            expect({ case: fuzz.name, ...rows.get(id as string) }).toMatchObject({ case: fuzz.name, id, ...fields });
          }
        }
        // A line too large is never held whole: the dead letter keeps its first megabyte.
        expect(deadLetters.get(`bids.jsonl:${firstLine.get('10 MB line')}`)!.raw_length!).toBeLessThanOrEqual(MAX_RECORD_BYTES + 1);
        // Nothing leaked into Object.prototype from the __proto__ record.
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });
    });
  });
});
