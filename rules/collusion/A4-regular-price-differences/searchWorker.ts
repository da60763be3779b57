import { parentPort, workerData } from 'node:worker_threads';
import type { SearchWorkerData } from './searchInWorkers.ts';
import { searchTenders } from './searchTenders.ts';

/** A worker thread of searchInWorkers.ts: searches its slice of the tenders once and answers with what it found. */
const { columns, settings } = workerData as SearchWorkerData;
parentPort!.postMessage(searchTenders(columns, settings));
