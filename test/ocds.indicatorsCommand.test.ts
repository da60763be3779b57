import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.ts';

/**
 * `bidwatch indicators` end to end, with the session settings and the fields-only load of the
 * command itself (the parity test calls the library), on the fixture with every kind of wrong type.
 */
const dir = fileURLToPath(new URL('../fixtures/ocds/cardinal/strict-types/', import.meta.url));

describe('bidwatch indicators', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    { flags: ['--map'], expected: 'expected.map.json' },
    { flags: ['--no-meta'], expected: 'expected.no-meta.json' },
  ])('prints what Cardinal 0.0.8 printed ($expected)', async ({ flags, expected }) => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await main(['indicators', '--settings', join(dir, 'settings.ini'), ...flags, join(dir, 'input.jsonl')])).toBe(0);
    expect(written.join('')).toBe(readFileSync(join(dir, expected), 'utf8'));
  });
});
