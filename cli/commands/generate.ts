import type { Command } from '../Command.ts';
import { CliError } from '../CliError.ts';
import { ProgressBar } from '../ProgressBar.ts';
import { generateProvince } from '../../demo/generateProvince.ts';
import { ensureWritableDirectory } from '../ensureWritableDirectory.ts';

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Generate a synthetic province (records + planted cases + ground truth) as <type>.jsonl files.',
  usage: '--out DIR [--seed N] [--scale X] [--profile default|stressed] [--vocabulary default|real] [--clean]',
  options: {
    out: { type: 'string', short: 'o', valueName: 'dir', description: 'output directory (required)' },
    seed: { type: 'string', default: '20261122', valueName: 'n', description: 'random seed: same seed, scale and profile give the same bytes' },
    scale: { type: 'string', default: '1', valueName: 'x', description: 'market size: 1 ≈ 3,400 tenders / 24k bids; 43.5 ≈ 1M bids' },
    profile: { type: 'string', default: 'default', valueName: 'name', description: '"default" or "stressed" (bigger rings, noisier prices, fewer bidders)' },
    vocabulary: { type: 'string', default: 'default', valueName: 'name', description: '"real": requirements as announcement free text with grade clauses, plus the harder variants real markets show (IP-only traces, partial and rounded progressions, loose rings, mid-size buyers, grade shortfalls)' },
    clean: { type: 'boolean', description: 'plant no cases: a clean market, to count false positives' },
  },
  async run(values) {
    if (!values.out) throw new CliError('--out is required');
    const seed = Number(values.seed);
    const scale = Number(values.scale);
    if (!Number.isInteger(seed)) throw new CliError('--seed must be an integer');
    if (!(scale > 0)) throw new CliError('--scale must be a positive number');
    const profile = String(values.profile);
    if (profile !== 'default' && profile !== 'stressed') throw new CliError('--profile must be "default" or "stressed"');
    ensureWritableDirectory(String(values.out), '--out');
    const vocabulary = String(values.vocabulary);
    if (vocabulary !== 'default' && vocabulary !== 'real') throw new CliError('--vocabulary must be "default" or "real"');
    const bar = new ProgressBar('generate');
    const started = performance.now();
    const summary = await generateProvince({
      outDir: String(values.out), seed, scale, profile, vocabulary, plant: values.clean !== true,
      onProgress: (bids) => bar.update(bids, scale * 23_000, `${bids.toLocaleString()} bids`),
    });
    bar.done(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const [type, n] of Object.entries(summary.counts)) console.log(`${type.padEnd(14)} ${n.toLocaleString('en-US').padStart(12)}`);
    console.log(`planted cases  ${String(summary.cases).padStart(12)}`);
  },
};
