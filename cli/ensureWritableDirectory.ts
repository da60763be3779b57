import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './CliError.ts';

/**
 * Makes sure reports can be written to `directory` before any work starts (creating it if
 * needed, then writing and removing a probe file), so a nightly scan does not run for an hour
 * and then fail on a read-only or mistyped `--out`.
 *
 * @throws CliError naming the folder, the system's reason and the flag to change.
 */
export function ensureWritableDirectory(directory: string, flag: string): void {
  const probe = join(directory, `.bidwatch-write-probe-${process.pid}`);
  try {
    mkdirSync(directory, { recursive: true });
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new CliError(`cannot write to ${directory} (${code ?? message}): choose a folder this user can write with ${flag}, or create it first`);
  }
}
