import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateProvince } from '../demo/generateProvince.ts';
import { DEMO_INPUT } from './defaultPaths.ts';
import { ProgressBar } from './ProgressBar.ts';

/** True once the demo province has been generated (its manifest is written last). */
export const demoInputExists = (): boolean => existsSync(join(DEMO_INPUT, 'manifest.json'));

/** The demo province is not committed (≈30 MB): it is generated, deterministically, on first use. */
export async function generateDemoIfMissing(): Promise<void> {
  if (demoInputExists()) return;
  console.error(`no demo data in ${DEMO_INPUT}: generating the demo province (seed fixed, scale 1) …`);
  const bar = new ProgressBar('generate');
  const started = performance.now();
  const summary = await generateProvince({ outDir: DEMO_INPUT, onProgress: (bids) => bar.update(bids, 30_000, `${bids.toLocaleString()} bids`) });
  bar.done(`${summary.counts.bids?.toLocaleString() ?? '?'} bids, ${summary.cases} planted cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
