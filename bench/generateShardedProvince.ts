import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DEFAULT_SEED, generateProvince } from '../demo/generateProvince.ts';

/**
 * The sequence-numbered ids of the demo generator (TenderFactory, World): tenders
 * `E<region6><year4><seq7>001…`, contracts `HT<year4><seq7>`, projects `<year>-<region>-<nn>-<nn>-<seq6>`
 * (approvals and milestones embed the project code). Persons and companies have random ids.
 */
const SEQUENCED_IDS = /\bE(\d{10})(\d{7})001|\bHT(\d{4})(\d{7})|\b(\d{4}-\d{6}-\d{2}-\d{2}-)(\d{6})\b/g;

/**
 * Shard `k` of a sharded province: its sequence numbers moved into their own range (tenders and
 * contracts by k·1,000,000, projects by k·100,000), consistently wherever they are referenced.
 */
export function shiftSequencedIds(line: string, shard: number): string {
  if (shard === 0) return line;
  return line.replace(SEQUENCED_IDS, (match, tenderHead?: string, tenderSeq?: string, contractYear?: string, contractSeq?: string, projectHead?: string, projectSeq?: string) => {
    if (tenderHead) return `E${tenderHead}${String(Number(tenderSeq) + shard * 1_000_000).padStart(7, '0')}001`;
    if (contractYear) return `HT${contractYear}${String(Number(contractSeq) + shard * 1_000_000).padStart(7, '0')}`;
    if (projectHead) return `${projectHead}${String(Number(projectSeq) + shard * 100_000).padStart(6, '0')}`;
    return match;
  });
}

/**
 * Writes a province of `shards` × `scale` into `outDir` in bounded memory. generateProvince plans
 * every tender before writing (about 41 MB of heap per unit of scale, measured: 224 MB at scale 1,
 * 361 MB at 4.3), so a 10M-bid province at scale 435 in one piece would need some 18 GB; here each
 * shard is generated alone (its own seed: its own companies and people), its sequence-numbered
 * ids shifted into their own range, and appended line by line. The manifest sums the counts.
 *
 * @example
 * await generateShardedProvince('data/bench/scale-435', 10, 43.5);
 */
export async function generateShardedProvince(outDir: string, shards: number, scale: number): Promise<void> {
  // Shards 0–9: shard k's sequence numbers start at k·1,000,000 (7 digits) and k·100,000 (6 digits).
  if (shards > 10) throw new Error('at most 10 shards: the shifted sequence numbers must keep their width');
  mkdirSync(outDir, { recursive: true });
  const counts: Record<string, number> = {};
  let firstManifest: Record<string, unknown> | null = null;
  const outputs = new Map<string, ReturnType<typeof createWriteStream>>();
  for (let shard = 0; shard < shards; shard += 1) {
    const shardDir = join(outDir, `.shard-${shard}`);
    rmSync(shardDir, { recursive: true, force: true });
    console.error(`shard ${shard + 1}/${shards} (scale ${scale}) …`);
    await generateProvince({ outDir: shardDir, scale, seed: DEFAULT_SEED + shard });
    const manifest = JSON.parse(readFileSync(join(shardDir, 'manifest.json'), 'utf8')) as { counts: Record<string, number> };
    firstManifest ??= manifest;
    for (const [name, n] of Object.entries(manifest.counts)) counts[name] = (counts[name] ?? 0) + n;
    for (const file of readdirSync(shardDir).filter((f) => f.endsWith('.jsonl')).sort()) {
      let out = outputs.get(file);
      if (!out) outputs.set(file, (out = createWriteStream(join(outDir, file))));
      for await (const line of createInterface({ input: createReadStream(join(shardDir, file)), crlfDelay: Infinity })) {
        if (!out.write(`${shiftSequencedIds(line, shard)}\n`)) await once(out, 'drain');
      }
    }
    rmSync(shardDir, { recursive: true, force: true });
  }
  for (const out of outputs.values()) await new Promise<void>((resolve) => out.end(resolve));
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify({ ...firstManifest, scale: scale * shards, shards, seed: `${DEFAULT_SEED}+shard`, counts }, null, 2)}\n`);
}
