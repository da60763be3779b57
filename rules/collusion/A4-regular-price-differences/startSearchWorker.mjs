// The entry of searchInWorkers' worker threads: a worker starts without the parent's TypeScript loader (and under
// vitest there is none to inherit), so it registers tsx, as bin/bidwatch.js and reports/html/startLeadPageWorker.mjs do.
import { register } from 'tsx/esm/api';

register();
await import('./searchWorker.ts');
