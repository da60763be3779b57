import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Prng } from '../../demo/Prng.ts';
import type { DeadLetterCode } from '../../ingest/validateRecord.ts';

/** One way a line gets damaged, and the dead-letter reason it must end with (null: the line stays valid). */
interface Corruption {
  kind: string;
  expected: DeadLetterCode | null;
  apply(line: string, rng: Prng): Buffer[];
}

const MONEY_FIELDS = ['price', 'value', 'estimated_value', 'ceiling_price', 'total_investment', 'amount', 'registered_capital'];

const withRecord = (line: string, change: (record: Record<string, unknown>) => void): string => {
  const record = JSON.parse(line) as Record<string, unknown>;
  change(record);
  return JSON.stringify(record);
};

const corruptions: Corruption[] = [
  { kind: 'truncated', expected: 'bad_json', apply: (line, rng) => [Buffer.from(line.slice(0, rng.int(1, line.length - 1)))] },
  {
    kind: 'huge money',
    expected: 'out_of_range',
    apply: (line, rng) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      const field = MONEY_FIELDS.find((name) => typeof record[name] === 'number');
      // A record without money (a person, a milestone without amount) gets a number that overflows a double instead.
      if (!field) return [Buffer.from(line.replace(/\}$/, ',"x":1e999}'))];
      return [Buffer.from(withRecord(line, (r) => { r[field] = rng.chance(0.5) ? 1e300 : 1e150; }))];
    },
  },
  { kind: 'nested deep', expected: 'too_deep', apply: (line) => [Buffer.from(line.replace(/\}$/, `,"x":${'['.repeat(400)}${']'.repeat(400)}}`))] },
  { kind: 'raw NUL byte', expected: 'bad_json', apply: (line, rng) => { const at = rng.int(1, line.length - 1); return [Buffer.from(line.slice(0, at)), Buffer.from([0]), Buffer.from(line.slice(at))]; } },
  { kind: 'invalid UTF-8', expected: 'bad_encoding', apply: (line) => [Buffer.from(line.replace(/\}$/, ',"x":"')), Buffer.from([0xc3, 0x28]), Buffer.from('"}')] },
  { kind: 'byte-order mark', expected: null, apply: (line) => [Buffer.from(`\uFEFF${line}`)] },
  { kind: 'CRLF', expected: null, apply: (line) => [Buffer.from(`${line}\r`)] },
  { kind: '__proto__ key', expected: 'schema', apply: (line) => [Buffer.from(line.replace(/^\{/, '{"__proto__":{"polluted":true},'))] },
  { kind: 'emptied', expected: 'empty', apply: () => [Buffer.from('')] },
  { kind: 'too large', expected: 'too_large', apply: (line) => [Buffer.from(line.replace(/\}$/, `,"x":"${'x'.repeat(1_100_000)}"}`))] },
  { kind: 'missing id', expected: 'schema', apply: (line) => [Buffer.from(withRecord(line, (r) => { delete r[('id' in r ? 'id' : 'code')]; }))] },
  { kind: 'not an object', expected: 'not_object', apply: (line) => [Buffer.from(`[${line}]`)] },
  { kind: 'duplicated', expected: null, apply: (line) => [Buffer.from(line), Buffer.from('\n'), Buffer.from(line)] },
];

export interface CorruptedLine {
  file: string;
  /** The line number in the corrupted file (the first line of a duplicated pair). */
  line: number;
  kind: string;
  expected: DeadLetterCode | null;
}

/**
 * Copies a directory of `<type>.jsonl` files (and its other files) to `to`, damaging a share of
 * the record lines in varied ways: truncated, huge money, deep nesting, a raw NUL, invalid UTF-8,
 * a BOM, CRLF, a `__proto__` key, emptied, too large, a missing id, wrapped in an array,
 * duplicated. Deterministic for a seed. Returns every damaged line with the dead-letter reason
 * it must get (null for damage the contract tolerates).
 *
 * @example
 * const damaged = corruptLines('data/demo', '/tmp/fuzzed', { share: 0.02, seed: 7 });
 */
export function corruptLines(from: string, to: string, options: { share: number; seed: number }): CorruptedLine[] {
  mkdirSync(to, { recursive: true });
  const rng = new Prng(options.seed);
  const damaged: CorruptedLine[] = [];
  for (const name of readdirSync(from).sort()) {
    if (!name.endsWith('.jsonl') || name === 'ground_truth.jsonl') {
      copyFileSync(join(from, name), join(to, name));
      continue;
    }
    const lines = readFileSync(join(from, name), 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    const out: Buffer[] = [];
    let lineNumber = 0;
    for (const line of lines) {
      lineNumber += 1;
      if (rng.chance(options.share)) {
        const corruption = corruptions[rng.int(0, corruptions.length - 1)]!;
        damaged.push({ file: name, line: lineNumber, kind: corruption.kind, expected: corruption.expected });
        const pieces = corruption.apply(line, rng);
        out.push(...pieces, Buffer.from('\n'));
        if (corruption.kind === 'duplicated') lineNumber += 1;
      } else {
        out.push(Buffer.from(line), Buffer.from('\n'));
      }
    }
    writeFileSync(join(to, name), Buffer.concat(out));
  }
  return damaged;
}
