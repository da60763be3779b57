import { generateProvince } from '../fixtures/generateProvince.ts';
import { DEMO_INPUT } from './runScan.ts';
import { ProgressBar } from './ProgressBar.ts';

/** The demo province is not committed (≈10 MB): it is generated, deterministically, on first use. */
export async function generateDemoIfMissing(): Promise<void> {
  console.error(`no demo data in ${DEMO_INPUT}: generating the demo province (seed fixed, scale 1) …`);
  const bar = new ProgressBar('generate');
  const started = performance.now();
  const summary = await generateProvince({ outDir: DEMO_INPUT, onProgress: (bids) => bar.update(bids, 30_000, `${bids.toLocaleString()} bids`) });
  bar.done(`${summary.counts.bids?.toLocaleString() ?? '?'} bids, ${summary.cases} planted cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
