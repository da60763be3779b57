/**
 * Writes the demo province (demo/generateProvince.ts output: tenders, bids, awards, companies
 * `.jsonl`) as OCDS 1.1 compiled releases in JSON Lines, one release per tender, for the OCDS
 * import, `bidwatch indicators` and the Cardinal benchmark (issue 14).
 *
 * A province of scale 1 has ~3.4k tenders; for bigger files the releases are written again in
 * numbered copies (`<ocid>-c2`, …) whose organisations are renamed per copy group (so there are
 * more buyers and tenderers, not the same few ever more often) and whose amounts are scaled by a
 * per-copy factor. Streaming: only the base province is held in memory.
 *
 * @example
 * await generateProvince({ outDir: 'data/ocds/province', scale: 1 });
 * await writeOcdsReleases({ provinceDir: 'data/ocds/province', outFile: 'data/ocds/releases-100k.jsonl', releases: 100_000 });
 *
 *   npx tsx demo/writeOcdsReleases.ts PROVINCE_DIR OUT.jsonl [RELEASES]
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

type Row = Record<string, unknown>;

/** Contract methods as OCDS procurementMethod (the closed codelist); the contract's own word goes to procurementMethodDetails. */
const procurementMethod: Record<string, string> = {
  open: 'open',
  invited: 'selective',
  competitive_negotiation: 'limited',
  competitive_consultation: 'limited',
  inquiry: 'limited',
  single_source: 'direct',
  direct: 'direct',
};

/** UNSPSC-like segments per category, so suppliers have a realistic spread of kinds (R048). */
const segments: Record<string, string[]> = {
  works: ['72', '72', '72', '30', '95'],
  goods: ['43', '44', '42', '46', '25', '56', '39', '40'],
  services: ['80', '81', '85', '76', '78', '90'],
};

async function readJsonl(path: string): Promise<Row[]> {
  const rows: Row[] = [];
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim()) rows.push(JSON.parse(line) as Row);
  return rows;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export interface WriteOcdsOptions {
  provinceDir: string;
  outFile: string;
  /** Releases to write; default: one per tender of the province. */
  releases?: number;
  /** Organisations are renamed every this many copies (default 20): copy groups are separate markets. */
  copiesPerMarket?: number;
}

/** Writes the releases and resolves with how many were written. */
export async function writeOcdsReleases(options: WriteOcdsOptions): Promise<number> {
  const dir = options.provinceDir;
  const [tenders, bids, awards, companies] = await Promise.all(
    ['tenders', 'bids', 'awards', 'companies'].map((name) => readJsonl(join(dir, `${name}.jsonl`))),
  );
  const bidsByTender = new Map<string, Row[]>();
  for (const bid of bids!) {
    const list = bidsByTender.get(bid.tender_id as string) ?? [];
    list.push(bid);
    bidsByTender.set(bid.tender_id as string, list);
  }
  const awardsByTender = new Map<string, Row[]>();
  for (const award of awards!) {
    const list = awardsByTender.get(award.tender_id as string) ?? [];
    list.push(award);
    awardsByTender.set(award.tender_id as string, list);
  }
  const companyById = new Map(companies!.map((c) => [c.id as string, c]));
  const total = options.releases ?? tenders!.length;
  const perMarket = options.copiesPerMarket ?? 20;
  const out = createWriteStream(options.outFile);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', r)));

  let written = 0;
  for (let copy = 0; written < total; copy++) {
    const market = Math.floor(copy / perMarket);
    const org = (id: unknown) => (id == null ? undefined : market === 0 ? String(id) : `${String(id)}-m${market}`);
    const factor = 1 + (copy % perMarket) / 100;
    const amount = (value: unknown) => (typeof value === 'number' ? Math.round(value * factor * 100) / 100 : undefined);
    for (const tender of tenders!) {
      if (written >= total) break;
      const tenderId = tender.id as string;
      const suffix = copy === 0 ? '' : `-c${copy + 1}`;
      const tenderBids = bidsByTender.get(tenderId) ?? [];
      const tenderAwards = awardsByTender.get(tenderId) ?? [];
      const partyIds = new Set<string>();
      const party = (id: unknown, roles: string[]) => {
        const company = companyById.get(String(id));
        const key = org(id)!;
        if (partyIds.has(key)) return null;
        partyIds.add(key);
        return {
          id: key,
          name: (company?.name as string | undefined) ?? key,
          identifier: { scheme: 'CN-USCC', id: String(id) },
          ...(company?.address ? { address: { streetAddress: company.address, countryName: '中国' } } : {}),
          ...(company?.phone || company?.email ? { contactPoint: { telephone: company?.phone ?? undefined, email: company?.email ?? undefined } } : {}),
          roles,
        };
      };
      const category = tender.category as string;
      const codes = segments[category] ?? ['99'];
      const classification = (seed: string) => {
        const h = hash(seed);
        return `${codes[h % codes.length]}${String(101500 + (h % 97) * 100).padStart(6, '0')}`;
      };
      const release = {
        ocid: `ocds-bidwatch-${tenderId}${suffix}`,
        id: `${tenderId}${suffix}-compiled`,
        date: tender.updated_at,
        tag: ['compiled'],
        initiationType: 'tender',
        parties: [
          party(tender.buyer_id, ['buyer']),
          tender.agency_id ? party(tender.agency_id, ['procuringEntity']) : null,
          ...tenderBids.flatMap((b) => [party(b.bidder_id, ['tenderer']), ...((b.consortium_ids as string[] | null) ?? []).map((c) => party(c, ['tenderer']))]),
        ].filter((p) => p !== null),
        buyer: { id: org(tender.buyer_id) },
        tender: {
          id: tenderId,
          title: tender.title,
          status: tenderAwards.length > 0 ? 'complete' : 'active',
          procurementMethod: procurementMethod[tender.method as string] ?? 'limited',
          procurementMethodDetails: tender.method,
          mainProcurementCategory: category,
          ...(tender.ceiling_price != null ? { value: { amount: amount(tender.ceiling_price), currency: 'CNY' } } : {}),
          ...(tender.agency_id ? { procuringEntity: { id: org(tender.agency_id) } } : {}),
          tenderPeriod: { startDate: tender.announced_at, endDate: tender.bid_deadline },
          numberOfTenderers: tenderBids.length,
        },
        bids: {
          details: tenderBids.map((b) => ({
            id: b.id,
            date: b.submitted_at,
            status: b.status,
            tenderers: [b.bidder_id, ...((b.consortium_ids as string[] | null) ?? [])].map((id) => ({ id: org(id) })),
            value: { amount: amount(b.price), currency: 'CNY' },
          })),
        },
        awards: tenderAwards.map((a) => ({
          id: a.id,
          status: 'active',
          date: a.decided_at,
          value: { amount: amount(a.price), currency: 'CNY' },
          suppliers: [{ id: org(a.winner_id) }],
          items: [1, 2].map((n) => ({ id: String(n), classification: { scheme: 'UNSPSC', id: classification(`${tenderId}:${n}:${market}`) } })),
        })),
      };
      await write(`${JSON.stringify(release)}\n`);
      written++;
    }
  }
  await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [provinceDir, outFile, releases] = process.argv.slice(2);
  if (!provinceDir || !outFile) {
    console.error('usage: npx tsx demo/writeOcdsReleases.ts PROVINCE_DIR OUT.jsonl [RELEASES]');
    process.exit(2);
  }
  const n = await writeOcdsReleases({ provinceDir, outFile, releases: releases ? Number(releases) : undefined });
  console.error(`wrote ${n} releases to ${outFile}`);
}
