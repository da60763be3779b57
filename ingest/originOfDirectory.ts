import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a database's records came from: `demo` is synthetic data made by the generator
 * (`bidwatch generate`, the demo province), `records` is everything else (files, Kafka).
 * The two never share a database (claimOrigin.ts).
 */
export type DataOrigin = 'demo' | 'records';

/** The generator signs every directory it writes in manifest.json (demo/generateProvince.ts). */
const GENERATOR_SIGNATURE = /^bidwatch demo\/generateProvince/;

/**
 * `demo` when the directory was written by the generator (its manifest.json says so), else `records`.
 *
 * @example
 * originOfDirectory('data/demo'); // 'demo'
 */
export function originOfDirectory(directory: string): DataOrigin {
  const manifest = join(directory, 'manifest.json');
  if (!existsSync(manifest)) return 'records';
  try {
    const { generator } = JSON.parse(readFileSync(manifest, 'utf8')) as { generator?: unknown };
    return typeof generator === 'string' && GENERATOR_SIGNATURE.test(generator) ? 'demo' : 'records';
  } catch {
    return 'records';
  }
}
