import { Worker } from 'node:worker_threads';
import type { DetectionSettings } from './detectPricePatterns.ts';
import { sliceTenders, type SearchedTender, type TenderColumns } from './searchTenders.ts';

/** What a search worker gets: its slice of the tenders and the settings. */
export interface SearchWorkerData {
  columns: TenderColumns;
  settings: DetectionSettings;
}

/**
 * searchTenders on `threads` worker threads, each given a contiguous slice of the tenders with about as many bids,
 * the results joined in tender order: the same list searchTenders returns in one thread. The search is A4's largest
 * cost and plain JavaScript (1M bids: about 5 of its 8.5 CPU s on one core), so on a machine with more than one core
 * it runs beside itself.
 */
export async function searchInWorkers(columns: TenderColumns, settings: DetectionSettings, threads: number): Promise<SearchedTender[]> {
  const tenders = columns.ceilings.length;
  const bids = columns.firstBid[tenders]!;
  const bounds = [0];
  for (let slice = 1, t = 0; slice < threads; slice += 1) {
    while (t < tenders && columns.firstBid[t]! < (bids * slice) / threads) t += 1;
    bounds.push(Math.max(t, bounds[bounds.length - 1]!));
  }
  bounds.push(tenders);
  const slices = await Promise.all(
    bounds.slice(0, -1).map(async (from, index) => {
      const to = bounds[index + 1]!;
      if (to <= from) return [];
      const found = await searchOneSlice({ columns: sliceTenders(columns, from, to), settings });
      return found.map((tender) => ({ ...tender, index: tender.index + from }));
    }),
  );
  return slices.flat();
}

function searchOneSlice(data: SearchWorkerData): Promise<SearchedTender[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./startSearchWorker.mjs', import.meta.url), {
      // The bid columns are views on shared memory (detectPricePatterns): the worker reads them in place.
      workerData: data,
      // Not the parent's loader flags (the entry registers tsx itself, as LeadPagePool's workers do).
      execArgv: process.execArgv.filter((flag) => flag.startsWith('--cpu-prof')),
    });
    let answered = false;
    worker.once('message', (found: SearchedTender[]) => {
      answered = true;
      resolve(found);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`A4 search worker exited with code ${code} before answering`));
    });
  });
}
