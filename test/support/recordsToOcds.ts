import type { RecordType } from '../../db/recordSchemas.ts';

type Row = Record<string, unknown>;

/** The OCDS wording our methods are published with: the inverse of ingest/ocds/mapProcurementMethod.ts. */
const ocdsMethodOf: Record<string, { procurementMethod: string; procurementMethodDetails?: string }> = {
  open: { procurementMethod: 'open', procurementMethodDetails: '公开招标' },
  invited: { procurementMethod: 'selective', procurementMethodDetails: '邀请招标' },
  competitive_negotiation: { procurementMethod: 'limited', procurementMethodDetails: '竞争性谈判' },
  competitive_consultation: { procurementMethod: 'limited', procurementMethodDetails: '竞争性磋商' },
  single_source: { procurementMethod: 'limited', procurementMethodDetails: '单一来源' },
  inquiry: { procurementMethod: 'limited', procurementMethodDetails: '询价' },
  direct: { procurementMethod: 'direct', procurementMethodDetails: '直接发包' },
};

const cny = (amount: unknown) => (typeof amount === 'number' ? { amount, currency: 'CNY' } : undefined);
const ref = (id: unknown) => ({ id: `CN-USCC-${String(id)}` });
/** A contract date as an OCDS date-time on the Beijing day. */
const onDay = (day: unknown) => (typeof day === 'string' ? `${day}T00:00:00+08:00` : undefined);

/**
 * Writes records of the contract (a rule case's, or the demo province's) as OCDS compiled
 * releases, one per tender, with the fields OCDS can carry: what bidwatch's rules see after the
 * OCDS import of the same market. Company ids survive as CN-USCC identifiers; a tender's id is its
 * release's ocid. What OCDS cannot say (ceiling prices, legal representatives, shareholders,
 * fingerprints, staff, deposits, investment types …) is left out, as a real publisher would.
 *
 * Contracts must name a tender whose award names their supplier (otherwise throws, or with
 * `skipUnconvertible` leaves them out: such a contract has no faithful OCDS form, because OCDS
 * reaches a contract's supplier through its award). Contracts without a tender are left out.
 *
 * @example recordsToOcds(ruleCase.records, '2024-01-01T00:00:00+08:00')
 */
export function recordsToOcds(records: Partial<Record<RecordType, Row[]>>, date: string, options: { skipUnconvertible?: boolean } = {}): Row[] {
  const companies = new Map((records.companies ?? []).map((c) => [String(c.id), c]));
  const projects = new Map((records.projects ?? []).map((p) => [String(p.code), p]));
  const party = (id: unknown, roles: string[]): Row => {
    const company = companies.get(String(id));
    const address = typeof company?.address === 'string' ? { streetAddress: company.address } : undefined;
    const contactPoint = company?.phone || company?.email ? { telephone: company.phone ?? undefined, email: company.email ?? undefined } : undefined;
    return { id: `CN-USCC-${String(id)}`, name: String(company?.name ?? id), identifier: { scheme: 'CN-USCC', id: String(id) }, address, contactPoint, roles };
  };
  return (records.tenders ?? []).map((tender) => {
    const tenderId = String(tender.id);
    const bids = (records.bids ?? []).filter((b) => b.tender_id === tenderId);
    const awards = (records.awards ?? []).filter((a) => a.tender_id === tenderId);
    const contracts = (records.contracts ?? []).filter((c) => c.tender_id === tenderId);
    const partyIds = new Map<string, Set<string>>();
    const role = (id: unknown, name: string) => {
      if (id === null || id === undefined) return;
      const roles = partyIds.get(String(id)) ?? new Set<string>();
      roles.add(name);
      partyIds.set(String(id), roles);
    };
    role(tender.buyer_id, 'buyer');
    role(tender.agency_id, 'procuringEntity');
    bids.forEach((b) => [b.bidder_id, ...((b.consortium_ids as unknown[]) ?? [])].forEach((id) => role(id, 'tenderer')));
    awards.forEach((a) => role(a.winner_id, 'supplier'));
    const project = tender.project_code ? projects.get(String(tender.project_code)) : undefined;
    const ocdsAwards = awards.map((a) => ({
      id: String(a.id),
      status: 'active',
      date: a.decided_at ?? undefined,
      suppliers: [ref(a.winner_id)],
      value: cny(a.price),
    }));
    const ocdsContracts = contracts.flatMap((c) => {
      const award = awards.find((a) => a.winner_id === c.supplier_id);
      if (!award && options.skipUnconvertible) return [];
      if (!award) throw new Error(`contract ${String(c.id)}: no award of tender ${tenderId} names supplier ${String(c.supplier_id)}`);
      return {
        id: String(c.id),
        awardID: String(award.id),
        title: c.title,
        value: cny(c.value),
        dateSigned: onDay(c.signed_on),
        period: c.start_on || c.end_on ? { startDate: onDay(c.start_on), endDate: onDay(c.end_on) } : undefined,
      };
    });
    return {
      ocid: tenderId,
      id: `${tenderId}-compiled`,
      date,
      tag: ['compiled'],
      parties: [...partyIds.entries()].map(([id, roles]) => party(id, [...roles])),
      buyer: ref(tender.buyer_id),
      planning: project ? { project: { id: String(project.code), title: project.name } } : undefined,
      tender: {
        id: tenderId,
        title: tender.title,
        ...(tender.method ? ocdsMethodOf[String(tender.method)] : {}),
        mainProcurementCategory: tender.category,
        value: cny(tender.estimated_value),
        tenderPeriod: tender.announced_at || tender.bid_deadline ? { startDate: tender.announced_at ?? undefined, endDate: tender.bid_deadline ?? undefined } : undefined,
        procuringEntity: tender.agency_id ? ref(tender.agency_id) : undefined,
      },
      bids: bids.length > 0
        ? {
            details: bids.map((b) => ({
              id: String(b.id),
              status: b.status,
              date: b.submitted_at ?? undefined,
              tenderers: [b.bidder_id, ...((b.consortium_ids as unknown[]) ?? [])].map(ref),
              value: cny(b.price),
            })),
          }
        : undefined,
      awards: ocdsAwards,
      contracts: ocdsContracts,
    };
  });
}
