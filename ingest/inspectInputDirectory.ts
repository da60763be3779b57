import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { recordTypeNames, type RecordType } from '../db/recordSchemas.ts';
import { InputError } from './InputError.ts';

/** Files a generated directory holds besides the records; never reported as unknown. */
const companionFiles = new Set(['manifest.json', 'ground_truth.jsonl']);

export interface UnknownInputFile {
  name: string;
  /** The expected file name it most resembles (a typo, a wrong case, a missing `s`), if any. */
  closest: string | null;
}

export interface InputDirectory {
  /** Per record type, the path of its `<type>.jsonl`, or null when the directory has none. */
  files: Record<RecordType, string | null>;
  /** Files that are not `<type>.jsonl` of any type, so they are not read. */
  unknown: UnknownInputFile[];
}

const expectedNames = recordTypeNames.map((type) => `${type}.jsonl`);

/**
 * Looks at an input directory before anything is loaded: which `<type>.jsonl` files it holds and
 * which files it holds that the loader will not read. Throws an InputError when there is nothing
 * to load at all (no directory, a file instead of one, no `<type>.jsonl` in it), naming each file
 * found with the expected name closest to it (`Bids.jsonl` → `bids.jsonl`).
 *
 * @example
 * const { files, unknown } = inspectInputDirectory('data/tonight');
 */
export function inspectInputDirectory(directory: string): InputDirectory {
  if (!existsSync(directory)) {
    throw new InputError('not_found', `input directory not found: ${directory} (expected a directory of <type>.jsonl files: ${expectedNames.join(', ')})`);
  }
  if (!statSync(directory).isDirectory()) {
    throw new InputError(
      'not_a_directory',
      `--input must be a directory of <type>.jsonl files, and ${directory} is a file. Put it in a directory under its type's name (e.g. bids.jsonl) and give that directory.`,
    );
  }
  const names = readdirSync(directory).filter((name) => !name.startsWith('.')).sort();
  const files = Object.fromEntries(
    recordTypeNames.map((type) => [type, names.includes(`${type}.jsonl`) && statSync(join(directory, `${type}.jsonl`)).isFile() ? join(directory, `${type}.jsonl`) : null]),
  ) as Record<RecordType, string | null>;
  const unknown = names
    .filter((name) => !expectedNames.includes(name) && !companionFiles.has(name))
    .map((name) => ({ name, closest: closestExpectedName(name) }));
  if (Object.values(files).every((file) => file === null)) {
    const found = unknown.length === 0 ? 'it is empty' : `it holds ${describeUnknown(unknown)}`;
    throw new InputError(
      'nothing_loadable',
      `nothing to load in ${directory}: expected one or more of ${expectedNames.join(', ')} (one JSON record per line), but ${found}.`,
    );
  }
  return { files, unknown };
}

/** `Bids.jsonl (did you mean bids.jsonl?), notes.txt` */
export function describeUnknown(unknown: readonly UnknownInputFile[]): string {
  return unknown.map((file) => (file.closest ? `${file.name} (did you mean ${file.closest}?)` : file.name)).join(', ');
}

function closestExpectedName(name: string): string | null {
  const lower = name.toLowerCase();
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const expected of expectedNames) {
    const distance = editDistance(lower, expected);
    if (distance < bestDistance) {
      best = expected;
      bestDistance = distance;
    }
  }
  // A third of the name may differ (`tender.json` → `tenders.jsonl` is 2 of 13); beyond that it is another file.
  return best !== null && (bestDistance <= Math.ceil(best.length / 3) || name.toLowerCase().startsWith(best.replace(/s?\.jsonl$/, ''))) ? best : null;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
