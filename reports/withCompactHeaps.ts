import { setFlagsFromString } from 'node:v8';

/**
 * How much a V8 heap may grow past what survived its last full collection, in percent, while a
 * report is written (default 50). V8 otherwise picks a factor of up to 4× for a thread that
 * allocates fast and collects quickly, which is what a report's threads do: each batch of leads
 * is read, parsed, cloned to the workers and rendered, then dropped. On the 10M-bid province
 * (109,812 leads, two workers) the main thread's heap climbed to 2.3 GB and a worker's to 1.3 GB
 * between collections while what they held was a few hundred MB; with 50 % the report stage
 * peaked at 2.9 GB RSS instead of 4.2 GB, for the same CPU (200 s) and wall time
 * (docs/scale.md, "The report stage's memory").
 */
export const REPORT_HEAP_GROWTH_PERCENT = 50;

/**
 * Runs `work` with every V8 heap of the process (the main thread's and the workers') growing
 * by at most `percent` over its live size before the next full collection, then gives V8 back
 * its own choice. The setting is V8's `--heap-growing-percent`, read at each collection, so it
 * applies to heaps already running; `0` is V8's default (its dynamic factor). Not nested: the
 * inner call's end restores the default for the outer one too.
 *
 * @example
 * await withCompactHeaps(() => writeRunReport(db, runId, out));
 */
export async function withCompactHeaps<T>(work: () => Promise<T>, percent = REPORT_HEAP_GROWTH_PERCENT): Promise<T> {
  if (!Number.isInteger(percent) || percent < 1) throw new Error(`heap growth must be a whole percentage of at least 1, not ${percent}`);
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  try {
    return await work();
  } finally {
    setFlagsFromString('--heap-growing-percent=0');
  }
}
