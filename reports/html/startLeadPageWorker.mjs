// The entry of LeadPagePool's worker threads: a worker starts without the parent's TypeScript
// loader (and under vitest there is none to inherit), so it registers tsx, as bin/bidwatch.js does.
import { register } from 'tsx/esm/api';

register();
await import('./leadPageWorker.ts');
