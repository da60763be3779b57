import { tenderMethods } from '../../db/recordSchemas.ts';

type TenderMethod = (typeof tenderMethods)[number];

/**
 * `procurementMethodDetails` wording that names a Chinese procurement method (政府采购法 Art. 26,
 * 招标投标法 Art. 10). Checked before `procurementMethod`, because details are the publisher's own
 * name for the method and say more than the four OCDS codes do. Order matters: the first match wins.
 */
const methodsByDetails: readonly (readonly [RegExp, TenderMethod])[] = [
  [/公开招标|open[\s_-]*tender/i, 'open'],
  [/邀请招标|invited[\s_-]*tender|restricted[\s_-]*tender/i, 'invited'],
  [/竞争性磋商|competitive[\s_-]*consultation/i, 'competitive_consultation'],
  [/竞争性谈判|competitive[\s_-]*negotiation|negotiated/i, 'competitive_negotiation'],
  [/单一来源|single[\s_-]*source|sole[\s_-]*source/i, 'single_source'],
  [/询价|request[\s_-]*for[\s_-]*quotation|\binquiry\b/i, 'inquiry'],
  [/直接(采购|发包|委托)|direct[\s_-]*(award|purchase|contract)/i, 'direct'],
];

/**
 * The OCDS method codes (codelist `method`, OCDS 1.1) that map on their own. `limited` does not:
 * it covers 单一来源 and 竞争性谈判 alike, so without details naming one it stays unknown (null).
 */
const methodsByCode: Readonly<Record<string, TenderMethod>> = {
  open: 'open',
  selective: 'invited',
  direct: 'direct',
};

/**
 * Maps `tender.procurementMethod` + `procurementMethodDetails` to the contract's method, or null
 * when neither says which of our methods it is (never guessed: the caller keeps the OCDS values in
 * the extra fields and counts the tender as an unknown method). The table is docs/ocds-mapping.md.
 *
 * @example mapProcurementMethod('limited', '单一来源采购') // 'single_source'
 */
export function mapProcurementMethod(method: unknown, details: unknown): TenderMethod | null {
  if (typeof details === 'string' && details.trim() !== '') {
    // bidwatch's own OCDS (demo/writeOcdsReleases.ts) puts the contract's method code in the details.
    const code = tenderMethods.find((m) => m === details.trim());
    if (code) return code;
    for (const [pattern, mapped] of methodsByDetails) if (pattern.test(details)) return mapped;
  }
  return typeof method === 'string' ? (methodsByCode[method] ?? null) : null;
}
