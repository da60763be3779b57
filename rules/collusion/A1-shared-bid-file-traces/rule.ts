import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Database } from '../../../db/Database.ts';
import type { Rule } from '../../Rule.ts';

const weight = (fallback: number, why: string) => z.number().min(0).max(0.99).default(fallback).describe(why);

const parameters = z.object({
  weight_hardware_id: weight(0.95, 'Machine code (MAC+CPU+disk): Fujian 闽建筑〔2018〕29号 treats one identical hardware record as Reg 40(1) by itself.'),
  weight_doc_hash: weight(0.95, 'Identical bid document hash: the same file was submitted twice, Reg 40(1) "编制".'),
  weight_ca_serial: weight(0.9, 'Same CA certificate serial: one digital key used for two bidders, Reg 40(2) "同一单位或者个人办理投标事宜".'),
  weight_mac: weight(0.8, 'Same network card MAC: strong but spoofable and shared by virtual machines.'),
  weight_file_creator: weight(0.6, 'Same document author field: suggestive; generic values are excluded below.'),
  weight_ip: weight(0.3, 'Same public upload IP: weak alone (shared office buildings, uploads from the opening venue, detections.md A1 note), yet the 2025 nine-department rules and Lanzhou\'s alerts treat an unexplained identical upload IP as Reg 40(2), so it is flagged at this low score once the venue/NAT exception below is applied.'),
  min_score: z
    .number().min(0).max(1).default(0.3)
    .describe('Flag a tender when the combined trace score reaches this; 0.3 lets an IP match alone (weight_ip) through at its low score, after the generic-IP exception.'),
  ip_generic_min_companies: z
    .number().int().min(2).default(4)
    .describe('An IP used by this many distinct companies across the market is an opening venue, a provider\'s NAT, a VPN exit or a shared office building, and is ignored (the exception the IP rules allow). A ring\'s agent uploading for two or three firms stays below it (judgment).'),
  generic_value_min_companies: z
    .number().int().min(2).default(25)
    .describe('A trace value used by this many distinct companies across the market is generic (default author "Administrator", a venue IP) and ignored.'),
});

const sharedTracesSql = readFileSync(new URL('./sharedTraces.sql', import.meta.url), 'utf8');

/** The trace kinds (the names the evidence and the weights use) and their mart_bids columns. */
const traceColumns = {
  hardware_id: 'fp_hardware_id',
  doc_hash: 'fp_doc_hash',
  ca_serial: 'fp_ca_serial',
  mac: 'fp_mac',
  file_creator: 'fp_file_creator',
  ip: 'fp_ip',
} as const;

/**
 * A1 step 1: the shared values of each trace kind into a1_shared_traces, one kind at a time (sharedTraces.sql says
 * why), for rule.sql to weigh and combine.
 */
async function findSharedTraces(db: Database, p: z.infer<typeof parameters>): Promise<void> {
  await db.run('create or replace temp table a1_shared_traces (tender_id varchar, trace_kind varchar, trace_value varchar, bidder_ids varchar[], bid_ids varchar[])');
  for (const [kind, column] of Object.entries(traceColumns)) {
    // The column name is code (the list above), spliced like a rule's own SQL file.
    await db.run(`insert into a1_shared_traces\n${sharedTracesSql.replaceAll('fp_trace', column)}`, {
      trace_kind: kind,
      generic_min_companies: kind === 'ip' ? p.ip_generic_min_companies : p.generic_value_min_companies,
    });
  }
}

/** A1: different bidders in one tender share an electronic bid-file trace. */
export const rule: Rule<typeof parameters> = {
  id: 'A1-shared-bid-file-traces',
  detection: 'A1',
  family: 'collusion',
  title: { zh: '不同投标人电子投标文件特征相同', en: 'Different bidders share electronic bid-file traces' },
  legalBasis: [
    {
      zh: '《招标投标法实施条例》第四十条第（一）（二）项：不同投标人的投标文件由同一单位或者个人编制；不同投标人委托同一单位或者个人办理投标事宜，视为串通投标。',
      en: 'Bidding Law Regulations Art. 40(1)(2): bid files of different bidders prepared, or bidding handled, by the same entity or person are deemed collusive.',
    },
    {
      zh: '福建省住建厅 闽建筑〔2018〕29号：不同投标人的电子投标文件机器码（硬件信息）相同的，视为条例第四十条第（一）项情形。',
      en: 'Fujian 闽建筑〔2018〕29号: identical machine codes in bid files count as Art. 40(1).',
    },
    {
      zh: '2025年国家九部门关于电子投标文件雷同情形的认定规定（据公开报道）及兰州等地围标串标预警：不同投标人上传电子投标文件的公网IP地址完全相同且无法合理解释的，认定为在同一场所上传，视为条例第四十条第（二）项情形；认定时应排除VPN代理、企业局域网、开标场所等合理技术因素。',
      en: '2025 nine-department rules on identical electronic bid files (as publicly reported) and Lanzhou\'s alerts: an identical public upload IP of different bidders, unexplained, counts as Reg 40(2); VPNs, shared networks and the opening venue are to be ruled out.',
    },
  ],
  parameters,
  evaluate: { kind: 'sql', file: new URL('./rule.sql', import.meta.url), prepare: findSharedTraces },
  folder: new URL('./', import.meta.url),
  kind: 'trace',
  reads: {
    mart_bids: ['tender_id', 'bidder_id', 'fp_hardware_id', 'fp_doc_hash', 'fp_ca_serial', 'fp_mac', 'fp_file_creator', 'fp_ip'],
  },
  coverage: {
    candidates: 'mart_bids',
    unit: 'tender',
    inputs: [
      { name: 'bid-file traces (电子投标文件特征 fp_*)', present: 'coalesce(fp_hardware_id, fp_doc_hash, fp_ca_serial, fp_mac, fp_file_creator, fp_ip) is not null' },
    ],
  },
};
