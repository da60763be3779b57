import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readLineBuffers } from '../../ingest/readLineBuffers.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bidwatch-lines-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function lines(content: Buffer | string): Promise<string[]> {
  const file = path.join(dir, 'f.jsonl');
  await writeFile(file, content);
  const out: string[] = [];
  for await (const { line, bytes } of readLineBuffers(file)) out.push(`${line}:${bytes.toString('latin1')}`);
  return out;
}

/** What loadDirectory.ts sees: node:readline with crlfDelay Infinity. */
async function readlineLines(content: Buffer | string): Promise<string[]> {
  const file = path.join(dir, 'r.jsonl');
  await writeFile(file, content);
  const out: string[] = [];
  let n = 0;
  for await (const text of createInterface({ input: createReadStream(file, { encoding: 'latin1' }), crlfDelay: Infinity })) out.push(`${++n}:${text}`);
  return out;
}

describe('readLineBuffers', () => {
  test('ends lines at \\n, \\r\\n and a lone \\r; keeps blank lines; no empty last line', async () => {
    expect(await lines('a\nb\r\nc\rd\n\n{"e":1}\n')).toEqual(['1:a', '2:b', '3:c', '4:d', '5:', '6:{"e":1}']);
    expect(await lines('only line, no break')).toEqual(['1:only line, no break']);
    expect(await lines('')).toEqual([]);
    expect(await lines('\n')).toEqual(['1:']);
  });

  test('keeps bytes that are not UTF-8', async () => {
    const file = path.join(dir, 'bin.jsonl');
    await writeFile(file, Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a, 0xe4, 0xb8]));
    const out: Buffer[] = [];
    for await (const { bytes } of readLineBuffers(file)) out.push(bytes);
    expect(out).toEqual([Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), Buffer.from([0xe4, 0xb8])]);
  });

  test('splits like node:readline across 1 MiB read chunks, \\r\\n straddling a chunk edge included', async () => {
    const chunk = 1 << 20;
    const long = 'x'.repeat(chunk - 3);
    const content = `${long}\r\nshort\n${'y'.repeat(chunk - 8)}\r\n\r\rz\n${'w'.repeat(2 * chunk + 5)}\nlast`;
    expect(await lines(content)).toEqual(await readlineLines(content));
    // The first line break straddles the first chunk edge ('\r' is the last byte of chunk 1).
    const straddle = `${'x'.repeat(chunk - 1)}\r\nnext`;
    expect(await lines(straddle)).toEqual([`1:${'x'.repeat(chunk - 1)}`, '2:next']);
    expect(await lines(straddle)).toEqual(await readlineLines(straddle));
  });
});
