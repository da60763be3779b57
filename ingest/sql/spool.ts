import { statfsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Linux's tmpfs (statfs f_type): memory, not disk. */
const TMPFS_MAGIC = 0x01021994;
/** Room a memory-backed spool must have to be used: a few batches of the largest default size. */
const MIN_SPOOL_BYTES = 4 * 1024 ** 3;

/**
 * Where the SQL loader's short-lived lines files go (a Kafka batch's messages, a piece of a
 * large input file): BIDWATCH_SPOOL_DIR when set; else /dev/shm when it is a tmpfs with room (a
 * file is written, read once and deleted: through memory it never waits on the disk, which
 * throttles writers once the page cache holds too much unwritten data); else the system's
 * temporary directory.
 */
export function spoolDirectory(): string {
  const chosen = process.env.BIDWATCH_SPOOL_DIR;
  if (chosen) return chosen;
  try {
    const shm = statfsSync('/dev/shm');
    if (shm.type === TMPFS_MAGIC && shm.bavail * shm.bsize >= MIN_SPOOL_BYTES) return '/dev/shm';
  } catch {
    // No /dev/shm (not Linux): the temporary directory.
  }
  return tmpdir();
}

/** A spool file's name: `bidwatch-<purpose>-<pid>-<unique>.lines`, so a later run can tell whose it was. */
export function spoolFileName(purpose: 'kafka' | 'piece', unique: string): string {
  return `bidwatch-${purpose}-${process.pid}-${unique}.lines`;
}

/**
 * Deletes the spool files of loads that were killed before they could (SIGKILL, a lost
 * machine): in /dev/shm they would hold memory until the next boot. A file names its process.
 */
export async function removeOrphanedSpoolFiles(spool: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(spool);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^bidwatch-(?:kafka|piece)-(\d+)-.*\.lines$/.exec(name)?.[1];
    if (pid !== undefined && !processRuns(Number(pid))) await rm(join(spool, name), { force: true });
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
