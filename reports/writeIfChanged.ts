import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Writes `text` to `path` unless the file already holds exactly that. Re-rendering a report
 * after one review changes two pages out of thousands; on some disks rewriting a file costs
 * far more than reading it.
 */
export function writeIfChanged(path: string, text: string): boolean {
  try {
    if (readFileSync(path, 'utf8') === text) return false;
  } catch {
    // Not there yet: write it.
  }
  writeFileSync(path, text);
  return true;
}
