import { setTimeout as sleep } from 'node:timers/promises';
import { Database } from '../db/Database.ts';
import { CliError } from './CliError.ts';

/**
 * How long a writing command waits for another process's lock before giving up. The review desk
 * (desk/LeadSnapshot.ts) opens the database read-only for well under a second when it refreshes;
 * a nightly scan starting at that moment should wait it out, not fail. A DuckDB CLI session left
 * open holds the lock indefinitely: after this wait the command fails with advice. Override with
 * BIDWATCH_LOCK_WAIT_SECONDS (0 = fail at once).
 */
export const DEFAULT_LOCK_WAIT_SECONDS = 15;

function lockWaitSeconds(): number {
  const configured = process.env.BIDWATCH_LOCK_WAIT_SECONDS;
  if (configured === undefined || configured === '') return DEFAULT_LOCK_WAIT_SECONDS;
  const seconds = Number(configured);
  if (!Number.isFinite(seconds) || seconds < 0) throw new CliError(`BIDWATCH_LOCK_WAIT_SECONDS must be a number of seconds ≥ 0, got "${configured}"`);
  return seconds;
}

/**
 * Opens the database for a command that writes (scan, load, ingest, review, report, eval). A lock
 * held by another process is retried (50 ms doubling to 1 s) for up to BIDWATCH_LOCK_WAIT_SECONDS,
 * then turned into advice.
 */
export async function openForWrite(path: string, waitSeconds = lockWaitSeconds()): Promise<Database> {
  const deadline = Date.now() + waitSeconds * 1000;
  let pause = 50;
  for (;;) {
    try {
      return await Database.open(path);
    } catch (error) {
      const message = (error as Error).message;
      if (!/lock/i.test(message)) throw error;
      if (Date.now() + pause > deadline) {
        throw new CliError(`database ${path} is in use by another process (a scan or an open DuckDB CLI), still after waiting ${waitSeconds} s: ${message}`);
      }
      await sleep(pause);
      pause = Math.min(pause * 2, 1000);
    }
  }
}
