/**
 * The demo province generator (demo/): deterministic bytes, contract-valid records, every
 * detection code planted, ground truth that points at records that exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProvince, type GenerateSummary } from '../demo/generateProvince.ts';
import { recordTypeNames, recordTypes, type RecordType } from '../db/recordSchemas.ts';
import { catalogueCodes } from '../rules/Rule.ts';

// The catalogue's codes (detections.md): the generator plants these, not codes added beyond it.
const CODES: readonly string[] = catalogueCodes;
const ID_FIELDS = ['tender_ids', 'bid_ids', 'award_ids', 'contract_ids', 'project_codes', 'company_ids', 'person_ids'] as const;
const SCALE = 0.05;
const SEED = 7;

interface Truth {
  case_id: string;
  detections: string[];
  kind: 'planted' | 'near_miss';
  description_zh: string;
  description_en: string;
  [field: string]: unknown;
}

async function lines(dir: string, file: string): Promise<string[]> {
  return (await readFile(join(dir, file), 'utf8')).split('\n').filter((l) => l.length > 0);
}

let root: string;
let first: string;
let second: string;
let summary: GenerateSummary;
const progress: number[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bidwatch-demo-'));
  first = join(root, 'a');
  second = join(root, 'b');
  summary = await generateProvince({ outDir: first, seed: SEED, scale: SCALE, onProgress: (n) => progress.push(n) });
  await generateProvince({ outDir: second, seed: SEED, scale: SCALE });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generateProvince', () => {
  it('writes byte-identical files for the same seed, scale and profile', async () => {
    const files = (await readdir(first)).sort();
    expect(files).toEqual([...recordTypeNames.map((t) => `${t}.jsonl`), 'ground_truth.jsonl', 'manifest.json'].sort());
    expect((await readdir(second)).sort()).toEqual(files);
    for (const f of files) {
      const [a, b] = await Promise.all([readFile(join(first, f)), readFile(join(second, f))]);
      expect(a.equals(b), f).toBe(true);
    }
  });

  it('writes only records that pass the contract schemas, with ids unique per type', async () => {
    for (const type of recordTypeNames) {
      const { schema, key } = recordTypes[type];
      const seen = new Set<string>();
      const rows = await lines(first, `${type}.jsonl`);
      expect(rows.length, type).toBeGreaterThan(0);
      for (const [i, line] of rows.entries()) {
        const parsed = schema.safeParse(JSON.parse(line));
        expect(parsed.success, `${type}.jsonl:${i + 1} ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`).toBe(true);
        const id = (JSON.parse(line) as Record<string, string>)[key]!;
        expect(seen.has(id), `${type} ${id} twice`).toBe(false);
        seen.add(id);
      }
      expect(summary.counts[type]).toBe(rows.length);
    }
  });

  it('states seed, scale, profile, counts and version in the manifest', async () => {
    const manifest = JSON.parse(await readFile(join(first, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ seed: SEED, scale: SCALE, profile: 'default', plant: true, counts: summary.counts });
    expect(typeof manifest.generator_version).toBe('string');
    expect(summary).toMatchObject({ seed: SEED, scale: SCALE, profile: 'default' });
  });

  it('plants every detection code, with near-misses beside them', async () => {
    const truth = (await lines(first, 'ground_truth.jsonl')).map((l) => JSON.parse(l) as Truth);
    expect(truth.length).toBe(summary.cases);
    const planted = new Set(truth.filter((t) => t.kind === 'planted').flatMap((t) => t.detections));
    expect([...planted].sort()).toEqual([...CODES].sort());
    const near = new Set(truth.filter((t) => t.kind === 'near_miss').flatMap((t) => t.detections));
    for (const code of ['A1', 'A2', 'B3', 'E1', 'D1']) expect(near.has(code), code).toBe(true);
    for (const t of truth) {
      expect(t.case_id).toMatch(/^case-\d{4}$/);
      for (const f of ID_FIELDS) expect(Array.isArray(t[f]), `${t.case_id} ${f}`).toBe(true);
      expect(t.description_zh.length).toBeGreaterThan(0);
      expect(t.description_en.length).toBeGreaterThan(0);
      expect(ID_FIELDS.some((f) => (t[f] as string[]).length > 0), t.case_id).toBe(true);
    }
  });

  it('points ground truth only at records that exist', async () => {
    const ids = async (type: RecordType): Promise<Set<string>> => {
      const key = recordTypes[type].key;
      return new Set((await lines(first, `${type}.jsonl`)).map((l) => (JSON.parse(l) as Record<string, string>)[key]!));
    };
    const known: Record<(typeof ID_FIELDS)[number], Set<string>> = {
      tender_ids: await ids('tenders'),
      bid_ids: await ids('bids'),
      award_ids: await ids('awards'),
      contract_ids: await ids('contracts'),
      project_codes: await ids('projects'),
      company_ids: await ids('companies'),
      person_ids: await ids('persons'),
    };
    const truth = (await lines(first, 'ground_truth.jsonl')).map((l) => JSON.parse(l) as Truth);
    const dangling: string[] = [];
    for (const t of truth) for (const f of ID_FIELDS) for (const id of t[f] as string[]) if (!known[f].has(id)) dangling.push(`${t.case_id} ${f} ${id}`);
    expect(dangling).toEqual([]);
  });

  it('keeps market events in 2022–2025 with +08:00 offsets', async () => {
    for (const line of await lines(first, 'tenders.jsonl')) {
      const t = JSON.parse(line) as Record<string, string | null>;
      expect(t.bid_deadline! >= '2022-01-01' && t.bid_deadline! <= '2025-12-31', t.id!).toBe(true);
      expect(t.updated_at).toMatch(/\+08:00$/);
    }
    for (const line of await lines(first, 'awards.jsonl')) {
      const a = JSON.parse(line) as Record<string, string>;
      expect(a.decided_at! <= '2025-12-31T23:59:59+08:00', a.id).toBe(true);
    }
  });

  it('reports progress as bids are written', () => {
    expect(progress.every((n, i) => i === 0 || n > progress[i - 1]!)).toBe(true);
  });

  it('writes a clean market with no ground truth when plant is false', async () => {
    const dir = join(root, 'clean');
    const clean = await generateProvince({ outDir: dir, seed: SEED, scale: SCALE, plant: false });
    expect(clean.cases).toBe(0);
    expect(await lines(dir, 'ground_truth.jsonl')).toEqual([]);
    expect(clean.counts.bids).toBeGreaterThan(0);
  });

  it('gives the stressed profile 3–6 bidders on its clean open tenders', async () => {
    const dir = join(root, 'stressed');
    await generateProvince({ outDir: dir, seed: SEED, scale: SCALE, profile: 'stressed', plant: false });
    const open = new Set((await lines(dir, 'tenders.jsonl')).map((l) => JSON.parse(l) as { id: string; method: string }).filter((t) => t.method === 'open').map((t) => t.id));
    const perTender = new Map<string, number>();
    for (const l of await lines(dir, 'bids.jsonl')) {
      const b = JSON.parse(l) as { tender_id: string };
      if (open.has(b.tender_id)) perTender.set(b.tender_id, (perTender.get(b.tender_id) ?? 0) + 1);
    }
    expect(perTender.size).toBeGreaterThan(0);
    expect(Math.max(...perTender.values())).toBeLessThanOrEqual(6);
  });

  it('rejects a scale that is not positive', async () => {
    await expect(generateProvince({ outDir: join(root, 'bad'), scale: 0 })).rejects.toThrow(/scale/);
  });
});
