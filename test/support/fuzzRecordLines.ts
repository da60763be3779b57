import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Prng } from '../../demo/Prng.ts';

/** A raw JSON token to put in place of a value (NaN, 1e400: text JSON.stringify cannot write). */
const RAW = '@@raw@@';
const raw = (text: string) => `${RAW}${text}${RAW}`;

/** Values a field may be given instead of its own: wrong types, edge numbers, edge texts, escapes. */
const replacementValues: unknown[] = [
  null,
  '',
  ' padded ',
  '\u3000full-width space',
  '100',
  0,
  -0,
  -1,
  1.5,
  100.125,
  0.30000000000000004,
  258781115.05999997,
  1e13,
  1e13 + 1,
  12345678901234567890,
  true,
  [],
  {},
  ['a', 3],
  [' b'],
  { nested: { deeper: [1, 2] } },
  '2024-02-30',
  '2024-02-29',
  '2024-03-01T08:00:00+08:00',
  '2024-03-01T08:00:00.123456789Z',
  '2024-03-01 08:00:00',
  'valid',
  'works',
  '123456',
  'é\u00e9\u{1F600}',
  raw('NaN'),
  raw('Infinity'),
  raw('-Infinity'),
  raw('1e400'),
  raw('1.0'),
  raw('2.50'),
  raw('1E2'),
  raw('"\\u0041\\u4e2d"'),
  raw('"a\\u0000b"'),
  raw('"tab\\tinside"'),
  raw('[1,]'),
  raw('{"a":1,}'),
];

/** Damage done to a record's text after it is written: syntax JavaScript and DuckDB might read differently. */
const textDamage: ((line: string, rng: Prng) => string)[] = [
  (line) => line.replace(/\}$/, ',}'),
  (line) => line.replace(/\}$/, ',"id":"duplicate-id","code":"duplicate-code"}'),
  (line) => line.replace(/^\{/, '{"updated_at":"2020-01-01T00:00:00+08:00",'),
  (line) => line.replace(/^\{/, '{"__proto__":{"x":1},'),
  (line) => line.replace(/\}$/, ',"extra_nan":NaN}'),
  (line) => line.replace(/\}$/, ',"extra_big":1e400}'),
  (line) => line.replace(/\}$/, `,"extra_digits":${'9'.repeat(400)}}`),
  (line) => line.replace(/\}$/, ',"extra_ok":{"k":[1,"x",null]}}'),
  (line, rng) => line.slice(0, rng.int(1, Math.max(1, line.length - 1))),
  (line) => `[${line}]`,
  (line) => ` \t${line}  `,
  (line) => line.replace(/"([^"\\]*[\u4e00-\u9fff])/, (_, text: string) => `"${text.slice(0, -1)}\\u${text.codePointAt(text.length - 1)!.toString(16)}`),
  (line) => line.replace(/:/, ': '),
  () => '',
  () => '   ',
  () => 'null',
  () => '"just text"',
];

/** Damage to a line's bytes: encodings and line ends, the things readLineBuffers must keep apart. */
const byteDamage: ((line: string) => Buffer)[] = [
  (line) => Buffer.from(`\uFEFF${line}`),
  (line) => Buffer.from(`${line}\r`),
  (line) => Buffer.concat([Buffer.from(line.replace(/\}$/, ',"x":"')), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
  (line) => Buffer.concat([Buffer.from(line.slice(0, 10)), Buffer.from([0]), Buffer.from(line.slice(10))]),
];

/** A nested member set to a wrong value: a date-time as a number, an unknown member, a null element. */
function damageNested(record: Record<string, unknown>, rng: Prng): void {
  const nested = Object.entries(record).filter(([, value]) => value !== null && typeof value === 'object');
  if (nested.length === 0) return;
  const [name, value] = nested[rng.int(0, nested.length - 1)]!;
  if (Array.isArray(value)) {
    if (value.length === 0) record[name] = [null];
    else {
      const element = value[rng.int(0, value.length - 1)];
      if (element !== null && typeof element === 'object') {
        const keys = Object.keys(element as object);
        (element as Record<string, unknown>)[keys[rng.int(0, keys.length - 1)] ?? 'x'] = replacementValues[rng.int(0, replacementValues.length - 1)];
      } else value.push(replacementValues[rng.int(0, replacementValues.length - 1)]);
    }
  } else {
    const keys = Object.keys(value as object);
    const key = rng.chance(0.2) ? 'unknown_member' : (keys[rng.int(0, keys.length - 1)] ?? 'x');
    (value as Record<string, unknown>)[key] = replacementValues[rng.int(0, replacementValues.length - 1)];
  }
}

/**
 * Copies a directory of `<type>.jsonl` files to `to`, damaging a share of the lines in the ways a
 * JSON reader other than JSON.parse, or SQL checks other than zod's, could read differently: field
 * values of the wrong type or just past a bound, duplicated keys, trailing commas, NaN and huge
 * numbers in unknown fields, escapes, nested members, BOMs, CRLF, invalid UTF-8. Deterministic for
 * a seed; the loaders' comparison (test/ingest.sqlLoader.test.ts) needs no list of expectations,
 * only that both loaders agree.
 *
 * @example
 * fuzzRecordLines('data/demo', '/tmp/fuzzed', { share: 0.3, seed: 7 });
 */
export function fuzzRecordLines(from: string, to: string, options: { share: number; seed: number }): number {
  mkdirSync(to, { recursive: true });
  const rng = new Prng(options.seed);
  let damaged = 0;
  for (const name of readdirSync(from).sort()) {
    if (!name.endsWith('.jsonl') || name === 'ground_truth.jsonl') {
      copyFileSync(join(from, name), join(to, name));
      continue;
    }
    const lines = readFileSync(join(from, name), 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    const out: Buffer[] = [];
    for (const line of lines) {
      if (!rng.chance(options.share)) {
        out.push(Buffer.from(`${line}\n`));
        continue;
      }
      damaged += 1;
      const record = JSON.parse(line) as Record<string, unknown>;
      const how = rng.int(0, 9);
      if (how <= 4) {
        const fields = Object.keys(record);
        const field = fields[rng.int(0, fields.length - 1)]!;
        if (rng.chance(0.1)) delete record[field];
        else record[field] = replacementValues[rng.int(0, replacementValues.length - 1)];
      } else if (how === 5) {
        damageNested(record, rng);
      }
      let text = JSON.stringify(record).replace(new RegExp(`"${RAW}(.*?)${RAW}"`, 'g'), (_, token: string) => token.replaceAll('\\\\', '\\').replaceAll('\\"', '"'));
      if (how === 6 || how === 7) text = textDamage[rng.int(0, textDamage.length - 1)]!(text, rng);
      out.push(how === 8 ? byteDamage[rng.int(0, byteDamage.length - 1)]!(text) : Buffer.from(text), Buffer.from('\n'));
    }
    writeFileSync(join(to, name), Buffer.concat(out));
  }
  return damaged;
}
