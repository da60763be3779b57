import { z } from 'zod';
import { bidStatuses, categories, type RecordType } from '../../db/recordSchemas.ts';
import { mapProcurementMethod } from './mapProcurementMethod.ts';

type Json = Record<string, unknown>;

/** Why a whole release could not be mapped: a closed set, the dead letter's reason code. */
export type OcdsMappingDeadLetterCode = 'ocds_not_object' | 'ocds_no_date' | 'ocds_no_buyer' | 'ocds_no_procurement';

/** What the mapping left out or could not name, per release; summed over a load and reported. */
export interface OcdsMappingCounts {
  /** Amounts in another currency: kept as `amount` + `currency` in `_extra`, the money column null. */
  nonCnyAmounts: number;
  /** Amounts without a currency: kept in `_extra` the same way, never assumed to be yuan. */
  amountsWithoutCurrency: number;
  /** Tenders whose method maps to none of ours (or is absent): method null, OCDS values in `_extra`. */
  unknownMethods: number;
  /** Tenders without works/goods/services: category null. */
  unknownCategories: number;
  /** Date-times without an offset, or periods out of order: null, the text kept in `_extra.ocds_unconverted`. */
  unconvertedDates: number;
  /** Bids not mapped (status invited/pending/none, or no tenderer): kept in the tender's `_extra.ocds_unmapped`. */
  skippedBids: number;
  /** Awards not mapped (cancelled/unsuccessful, or no supplier): kept the same way. */
  skippedAwards: number;
  /** Contracts not mapped (no supplier through their award): kept the same way. */
  skippedContracts: number;
  /** Parties not written because the company is on record from another source (the registry): mapOcdsReleases.ts. */
  companiesOnRecord: number;
}

export type OcdsMappedRecords = Record<Extract<RecordType, 'companies' | 'projects' | 'tenders' | 'bids' | 'awards' | 'contracts'>, Json[]>;

export type OcdsMappingResult =
  | { ok: true; records: OcdsMappedRecords; counts: OcdsMappingCounts }
  | { ok: false; code: OcdsMappingDeadLetterCode; reason: string };

export function emptyOcdsMappingCounts(): OcdsMappingCounts {
  return { nonCnyAmounts: 0, amountsWithoutCurrency: 0, unknownMethods: 0, unknownCategories: 0, unconvertedDates: 0, skippedBids: 0, skippedAwards: 0, skippedContracts: 0, companiesOnRecord: 0 };
}

/** The contract's date-time: ISO 8601 with an offset (db/recordSchemas.ts). */
const dateTimeWithOffset = z.iso.datetime({ offset: true, local: false });
/** Amounts are yuan only when the publisher says CNY: no conversion, no assumption (docs/ocds-mapping.md "Money"). */
const YUAN = 'CNY';
const USCC_SCHEME = 'CN-USCC';

const asObject = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null);
const asObjects = (v: unknown): Json[] => (Array.isArray(v) ? v.map(asObject).filter((o): o is Json => o !== null) : []);
const asText = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const asTexts = (v: unknown): string[] => (Array.isArray(v) ? v.map(asText).filter((s): s is string => s !== null) : []);

/** The object without the fields the mapping used; null when nothing is left. (Loops, not entries(): this runs for every record.) */
function unmapped(object: Json | null, mapped: readonly string[]): Json | null {
  if (!object) return null;
  let left: Json | null = null;
  for (const key in object) {
    const value = object[key];
    if (value === null || value === undefined || mapped.includes(key)) continue;
    (left ??= {})[key] = value;
  }
  return left;
}

/** Drops null fields so `_extra` holds only what the release said (null and absent mean the same to the contract). */
function compact(record: Json): Json {
  const kept: Json = {};
  for (const key in record) {
    const value = record[key];
    if (value !== null && value !== undefined) kept[key] = value;
  }
  return kept;
}

/**
 * Maps one OCDS 1.1 compiled release to records of the contract (db/recordSchemas.ts), keeping
 * every field it does not map in the records' extra fields (`_extra` in the raw tables). Where the
 * release lacks what a field needs, the field is null, never a stand-in, so the rules' coverage
 * says what is missing. The mapping table, with the reasons, is docs/ocds-mapping.md.
 *
 * A release without a date (the records' version), without a buyer, or without any of tender,
 * awards and contracts is refused with a reason (a dead letter).
 *
 * @example
 * const result = mapOcdsRelease(JSON.parse(line));
 * if (result.ok) console.log(result.records.tenders[0]?.method);
 */
export function mapOcdsRelease(input: unknown): OcdsMappingResult {
  const release = asObject(input);
  if (!release) return { ok: false, code: 'ocds_not_object', reason: 'the release is not a JSON object' };
  const ocid = asText(release.ocid);
  if (!ocid) return { ok: false, code: 'ocds_not_object', reason: 'the release has no ocid' };
  const updatedAt = asText(release.date);
  if (!updatedAt || !dateTimeWithOffset.safeParse(updatedAt).success) {
    return {
      ok: false,
      code: 'ocds_no_date',
      reason: updatedAt
        ? `release date "${updatedAt}" is not a date-time with offset: it is the version of every record mapped from the release`
        : 'the release has no date: it is the version of every record mapped from the release (latest wins)',
    };
  }
  return new ReleaseMapping(release, ocid, updatedAt).map();
}

interface MappedBid {
  ids: string[];
  /** Company ids, the lead first. */
  tenderers: string[];
}

/** The bid's tenderers (lead first) when the award's suppliers are exactly one bid's tenderers, several of them. */
function consortiumOf(supplierIds: readonly string[], bids: readonly (MappedBid | undefined)[]): string[] | null {
  if (supplierIds.length < 2) return null;
  const suppliers = new Set(supplierIds);
  const bid = bids.find((b) => b !== undefined && b.tenderers.length === suppliers.size && b.tenderers.every((t) => suppliers.has(t)));
  return bid ? bid.tenderers : null;
}

interface MappedAward {
  tenderId: string;
  supplierIds: string[];
  title: string | null;
}

/** One release's mapping; holds the party lookup and the counts while the record types are mapped in order. */
class ReleaseMapping {
  private readonly counts = emptyOcdsMappingCounts();
  private readonly records: OcdsMappedRecords = { companies: [], projects: [], tenders: [], bids: [], awards: [], contracts: [] };
  /** party.id → company id. */
  private readonly partyIds = new Map<string, string>();
  /** Objects skipped by the mapping, kept on the tender (or the first record) as `ocds_unmapped`. */
  private readonly skipped: Json = {};
  private readonly lotTenderIds = new Map<string, string>();

  constructor(
    private readonly release: Json,
    private readonly ocid: string,
    private readonly updatedAt: string,
  ) {}

  map(): OcdsMappingResult {
    const { release, ocid } = this;
    this.mapParties();
    const buyerId = this.organizationRef(release.buyer) ?? this.partyWithRole('buyer');
    if (!buyerId) return { ok: false, code: 'ocds_no_buyer', reason: `release ${ocid} names no buyer (buyer, or a party with role "buyer"): every tender and contract needs one` };
    const tender = asObject(release.tender);
    const projectCode = this.mapPlanning(buyerId);
    if (!tender && !projectCode && asObjects(release.awards).length === 0 && asObjects(release.contracts).length === 0) {
      return { ok: false, code: 'ocds_no_procurement', reason: `release ${ocid} has no tender, awards, contracts or project: nothing to map` };
    }
    const category = this.mapTenders(tender, buyerId, projectCode);
    const bidIds = this.mapBids();
    const awards = this.mapAwards(bidIds);
    this.mapContracts(awards, buyerId, projectCode, category, tender);

    const bidsRest = unmapped(asObject(release.bids), ['details']);
    const releaseRest = compact({
      ...unmapped(release, ['ocid', 'date', 'parties', 'buyer', 'tender', 'bids', 'awards', 'contracts', 'planning']),
      bids: bidsRest,
      buyer: embeddedOrganization(release.buyer),
    });
    const carrier = this.records.tenders[0] ?? this.records.awards[0] ?? this.records.contracts[0] ?? this.records.projects[0];
    if (carrier) {
      if (Object.keys(releaseRest).length > 0) carrier.ocds_release = releaseRest;
      // Planning without a project code sits on the tender; without a tender, here.
      if (this.planningRest && this.records.tenders.length === 0) carrier.ocds_planning = this.planningRest;
      if (Object.keys(this.skipped).length > 0) carrier.ocds_unmapped = this.skipped;
    }
    return { ok: true, records: this.records, counts: this.counts };
  }

  /** Parties (OCDS 1.1) and the organizations OCDS 1.0 embeds in place → companies, one per company id. */
  private mapParties(): void {
    const seen = new Set<string>();
    const add = (party: Json, roles: string[]) => {
      const companyId = organizationId(party);
      const partyId = asText(party.id);
      if (companyId && partyId) this.partyIds.set(partyId, companyId);
      const name = asText(party.name) ?? asText(asObject(party.identifier)?.legalName);
      if (!companyId || !name || seen.has(companyId)) return;
      seen.add(companyId);
      const address = asObject(party.address);
      const contact = asObject(party.contactPoint);
      this.records.companies.push(
        compact({
          id: companyId,
          name,
          address: joinAddress(address),
          phone: asText(contact?.telephone),
          email: asText(contact?.email),
          updated_at: this.updatedAt,
          ocid: this.ocid,
          ocds_roles: roles.length > 0 ? roles : null,
          ocds_party: compact({
            ...unmapped(party, ['name', 'address', 'contactPoint', 'roles']),
            address: unmapped(address, ['streetAddress', 'locality', 'region']),
            contactPoint: unmapped(contact, ['telephone', 'email']),
          }),
        }),
      );
    };
    for (const party of asObjects(this.release.parties)) add(party, asTexts(party.roles));
    // OCDS 1.0 has no parties: organizations sit where they are referenced.
    const tender = asObject(this.release.tender);
    const embedded: [unknown, string][] = [
      [this.release.buyer, 'buyer'],
      [tender?.procuringEntity, 'procuringEntity'],
      ...asObjects(tender?.tenderers).map((t): [unknown, string] => [t, 'tenderer']),
      ...asObjects(this.release.awards).flatMap((a) => asObjects(a.suppliers).map((s): [unknown, string] => [s, 'supplier'])),
    ];
    for (const [org, role] of embedded) {
      const object = asObject(org);
      if (object && (object.identifier || object.address || object.contactPoint)) add(object, [role]);
    }
  }

  /** An OrganizationReference → company id: through parties by `id`, else its own identifier. */
  private organizationRef(ref: unknown): string | null {
    const object = asObject(ref);
    if (!object) return null;
    const partyId = asText(object.id);
    return (partyId ? this.partyIds.get(partyId) : undefined) ?? organizationId(object);
  }

  private partyWithRole(role: string): string | null {
    const party = asObjects(this.release.parties).find((p) => asTexts(p.roles).includes(role));
    return party ? this.organizationRef(party) : null;
  }

  /** planning.project.id / planning.budget.projectID → a project; the rest of planning stays in extra. */
  private mapPlanning(buyerId: string): string | null {
    const planning = asObject(this.release.planning);
    const budget = asObject(planning?.budget);
    const project = asObject(planning?.project);
    const code = asText(project?.id) ?? asText(budget?.projectID);
    if (!planning) return null;
    if (!code) {
      this.planningRest = planning;
      return null;
    }
    const money = this.money(project?.totalValue ?? budget?.amount);
    this.records.projects.push(
      compact({
        code,
        name: asText(project?.title) ?? asText(budget?.project) ?? asText(budget?.description) ?? code,
        owner_id: buyerId,
        investment_type: null,
        total_investment: money.yuan,
        updated_at: this.updatedAt,
        ...money.extra,
        ocid: this.ocid,
        ocds_planning: compact({
          ...unmapped(planning, ['budget', 'project']),
          budget: unmapped(budget, ['projectID', 'project', 'description', ...(project?.totalValue ? [] : ['amount'])]),
          project: unmapped(project, ['id', 'title', 'totalValue']),
        }),
      }),
    );
    return code;
  }

  /** Planning with no project code: kept whole on the tender. */
  private planningRest: Json | null = null;

  /** The tender, or one tender per lot when the lots extension is used. Returns the category. */
  private mapTenders(tender: Json | null, buyerId: string, projectCode: string | null): string | null {
    if (!tender) return null;
    const method = mapProcurementMethod(tender.procurementMethod, tender.procurementMethodDetails);
    if (!method) this.counts.unknownMethods += 1;
    const category = (categories as readonly string[]).includes(String(tender.mainProcurementCategory)) ? String(tender.mainProcurementCategory) : null;
    if (!category) this.counts.unknownCategories += 1;
    const unconverted: Json = {};
    const period = asObject(tender.tenderPeriod);
    let announcedAt = this.dateTime(period?.startDate, 'tender.tenderPeriod.startDate', unconverted);
    let bidDeadline = this.dateTime(period?.endDate, 'tender.tenderPeriod.endDate', unconverted);
    if (announcedAt && bidDeadline && Date.parse(bidDeadline) < Date.parse(announcedAt)) {
      unconverted['tender.tenderPeriod'] = { startDate: announcedAt, endDate: bidDeadline, problem: 'end before start' };
      this.counts.unconvertedDates += 1;
      announcedAt = null;
      bidDeadline = null;
    }
    const agencyId = this.organizationRef(tender.procuringEntity);
    const title = asText(tender.title) ?? asText(tender.description) ?? this.ocid;
    const base = {
      project_code: projectCode,
      buyer_id: buyerId,
      // The procuring entity is an agency (招标代理) only when it is not the buyer itself.
      agency_id: agencyId && agencyId !== buyerId ? agencyId : null,
      method,
      category,
      ceiling_price: null,
      announced_at: announcedAt,
      bid_deadline: bidDeadline,
      updated_at: this.updatedAt,
      ocid: this.ocid,
      ocds_unconverted: Object.keys(unconverted).length > 0 ? unconverted : null,
      ocds_planning: this.planningRest,
    };
    const tenderRest = unmapped(tender, ['title', 'mainProcurementCategory', 'tenderPeriod', 'value', 'procuringEntity', 'lots']);
    const periodRest = unmapped(period, ['startDate', 'endDate']);
    const extra = compact({ ...tenderRest, tenderPeriod: periodRest, procuringEntity: embeddedOrganization(tender.procuringEntity) });
    const lots = asObjects(tender.lots);
    if (lots.length === 0) {
      const money = this.money(tender.value);
      this.records.tenders.push(compact({ id: this.ocid, title, ...base, estimated_value: money.yuan, ...money.extra, ocds_tender: extra }));
      return category;
    }
    lots.forEach((lot, index) => {
      const lotId = asText(lot.id) ?? `#${index + 1}`;
      const id = `${this.ocid}/lot/${lotId}`;
      this.lotTenderIds.set(lotId, id);
      const money = this.money(lot.value);
      this.records.tenders.push(
        compact({
          id,
          title: asText(lot.title) ? `${title} ${asText(lot.title)}` : `${title} (${lotId})`,
          ...base,
          estimated_value: money.yuan,
          ...money.extra,
          ocds_tender: compact({ ...extra, value: asObject(tender.value) }),
          ocds_lot: unmapped(lot, ['title', 'value']),
        }),
      );
    });
    return category;
  }

  /** The tender a bid or award belongs to: its (first) related lot, else the whole tender (the ocid). */
  private tenderIdOf(relatedLots: unknown): string[] {
    const lots = asTexts(relatedLots).map((lot) => this.lotTenderIds.get(lot)).filter((id): id is string => id !== undefined);
    return lots.length > 0 ? lots : [this.ocid];
  }

  /** bids.details[] (bid extension) → bids; returns OCDS bid id → our bid ids and its tenderers (lead first). */
  private mapBids(): Map<string, MappedBid> {
    const bidIds = new Map<string, MappedBid>();
    asObjects(asObject(this.release.bids)?.details).forEach((detail, index) => {
      const status = asText(detail.status);
      const tenderers = asObjects(detail.tenderers).map((t) => this.organizationRef(t)).filter((id): id is string => id !== null);
      // invited and pending are not (yet) bids with an outcome; the contract's statuses are valid/disqualified/withdrawn.
      if (!status || !(bidStatuses as readonly string[]).includes(status) || tenderers.length === 0) {
        this.counts.skippedBids += 1;
        this.skip('bids', detail);
        return;
      }
      const ocdsId = asText(detail.id) ?? `#${index + 1}`;
      const tenderIds = this.tenderIdOf(detail.relatedLots);
      const unconverted: Json = {};
      const submittedAt = this.dateTime(detail.date, 'bids.details.date', unconverted);
      // A bid on several lots has one value for all of them: no per-lot price.
      const money = tenderIds.length === 1 ? this.money(detail.value) : { yuan: null, extra: { ocds_value_all_lots: asObject(detail.value) } };
      const ids = tenderIds.map((tenderId) => (tenderIds.length === 1 ? `${this.ocid}/bid/${ocdsId}` : `${this.ocid}/bid/${ocdsId}/${tenderId.slice(tenderId.lastIndexOf('/') + 1)}`));
      bidIds.set(ocdsId, { ids, tenderers });
      tenderIds.forEach((tenderId, i) => {
        this.records.bids.push(
          compact({
            id: ids[i],
            tender_id: tenderId,
            // The first tenderer leads; the others are the consortium members (联合体).
            bidder_id: tenderers[0],
            consortium_ids: tenderers.length > 1 ? tenderers.slice(1) : null,
            price: money.yuan,
            submitted_at: submittedAt,
            status,
            updated_at: this.updatedAt,
            ...money.extra,
            ocid: this.ocid,
            ocds_unconverted: Object.keys(unconverted).length > 0 ? unconverted : null,
            ocds_bid: unmapped(detail, ['status', 'tenderers', 'value', 'date', ...(tenderIds.length === 1 ? ['relatedLots'] : [])]),
          }),
        );
      });
    });
    return bidIds;
  }

  /** awards[] → one award row per supplier; returns OCDS award id → what contracts need. */
  private mapAwards(bidIds: Map<string, MappedBid>): Map<string, MappedAward> {
    const mapped = new Map<string, MappedAward>();
    asObjects(this.release.awards).forEach((award, index) => {
      const status = asText(award.status);
      let supplierIds = asObjects(award.suppliers).map((s) => this.organizationRef(s)).filter((id): id is string => id !== null);
      // A cancelled or unsuccessful award names no winner (OCDS codelist awardStatus).
      if (status === 'cancelled' || status === 'unsuccessful' || supplierIds.length === 0) {
        this.counts.skippedAwards += 1;
        this.skip('awards', award);
        return;
      }
      const ocdsId = asText(award.id) ?? `#${index + 1}`;
      const tenderId = this.tenderIdOf(award.relatedLots)[0]!;
      const relatedBids = [...asTexts([award.relatedBid]), ...asTexts(award.relatedBids)];
      // Suppliers that are exactly the tenderers of one bid are a consortium (联合体) winning as one:
      // one award to its lead (the bid's first tenderer), as the contract records a consortium's win.
      const consortium = consortiumOf(supplierIds, relatedBids.length === 1 ? [bidIds.get(relatedBids[0]!)] : [...bidIds.values()]);
      if (consortium) supplierIds = consortium;
      const winnerIds = consortium ? [consortium[0]!] : supplierIds;
      const unconverted: Json = {};
      const decidedAt = this.dateTime(award.date, 'awards.date', unconverted);
      // One value for several suppliers (not a consortium) cannot be split between them.
      const money = winnerIds.length === 1 ? this.money(award.value) : { yuan: null, extra: { ocds_value_all_suppliers: asObject(award.value) } };
      mapped.set(ocdsId, { tenderId, supplierIds, title: asText(award.title) });
      for (const winnerId of winnerIds) {
        this.records.awards.push(
          compact({
            id: winnerIds.length === 1 ? `${this.ocid}/award/${ocdsId}` : `${this.ocid}/award/${ocdsId}/${winnerId}`,
            tender_id: tenderId,
            winner_id: winnerId,
            price: money.yuan,
            decided_at: decidedAt,
            updated_at: this.updatedAt,
            ...money.extra,
            consortium_ids: consortium ? consortium.slice(1) : null,
            related_bid_ids: relatedBids.length > 0 ? relatedBids.flatMap((id) => bidIds.get(id)?.ids ?? [`${this.ocid}/bid/${id}`]) : null,
            ocid: this.ocid,
            ocds_unconverted: Object.keys(unconverted).length > 0 ? unconverted : null,
            ocds_award: unmapped(award, ['suppliers', 'value', 'date', 'relatedBid', 'relatedBids']),
          }),
        );
      }
    });
    return mapped;
  }

  /** contracts[] → contracts, the supplier through `awardID` (or the only award). */
  private mapContracts(awards: Map<string, MappedAward>, buyerId: string, projectCode: string | null, category: string | null, tender: Json | null): void {
    const onlyAward = awards.size === 1 ? [...awards.values()][0] : undefined;
    for (const contract of asObjects(this.release.contracts)) {
      const awardId = asText(contract.awardID);
      const award = (awardId ? awards.get(awardId) : undefined) ?? (awardId ? undefined : onlyAward);
      const supplierId = award?.supplierIds[0];
      if (!supplierId) {
        this.counts.skippedContracts += 1;
        this.skip('contracts', contract);
        continue;
      }
      const unconverted: Json = {};
      const period = asObject(contract.period);
      let startOn = this.date(period?.startDate, 'contracts.period.startDate', unconverted);
      let endOn = this.date(period?.endDate, 'contracts.period.endDate', unconverted);
      if (startOn && endOn && endOn < startOn) {
        unconverted['contracts.period'] = { startDate: startOn, endDate: endOn, problem: 'end before start' };
        this.counts.unconvertedDates += 1;
        startOn = null;
        endOn = null;
      }
      const money = this.money(contract.value);
      this.records.contracts.push(
        compact({
          id: `${this.ocid}/contract/${asText(contract.id) ?? awardId ?? this.records.contracts.length + 1}`,
          // The ocid is the procurement process: a contract always belongs to one, even when the release omits the tender.
          tender_id: award?.tenderId ?? this.ocid,
          project_code: projectCode,
          buyer_id: buyerId,
          supplier_id: supplierId,
          title: asText(contract.title) ?? award?.title ?? asText(tender?.title) ?? this.ocid,
          category,
          value: money.yuan,
          signed_on: this.date(contract.dateSigned, 'contracts.dateSigned', unconverted),
          start_on: startOn,
          end_on: endOn,
          updated_at: this.updatedAt,
          ...money.extra,
          other_supplier_ids: award && award.supplierIds.length > 1 ? award.supplierIds.slice(1) : null,
          ocid: this.ocid,
          ocds_unconverted: Object.keys(unconverted).length > 0 ? unconverted : null,
          // implementation (transactions, milestones) stays here whole.
          // dateSigned and period stay too: the contract keeps only their days, OCDS gives times.
          ocds_contract: unmapped(contract, ['title', 'value']),
        }),
      );
    }
  }

  /** An OCDS Value → yuan, or null with the amount and currency kept in the record's extra fields. */
  private money(value: unknown): { yuan: number | null; extra: Json } {
    const object = asObject(value);
    if (!object) return { yuan: null, extra: {} };
    // Publishers add fields to Value (exchangeRate, dateexchangeRate …): kept beside the amount.
    const rest = unmapped(object, ['amount', 'currency']);
    const kept: Json = rest ? { ocds_value: rest } : {};
    const amount = object.amount;
    const currency = asText(object.currency);
    if (typeof amount !== 'number' || !Number.isFinite(amount)) return { yuan: null, extra: currency ? { ...kept, currency } : kept };
    if (currency === YUAN && amount >= 0) {
      // The contract's money has cents; a finer amount keeps its published value beside the rounded one.
      const yuan = Math.round(amount * 100) / 100;
      return { yuan, extra: yuan === amount ? kept : { ...kept, ocds_amount_unrounded: amount } };
    }
    if (currency === null) this.counts.amountsWithoutCurrency += 1;
    else if (currency !== YUAN) this.counts.nonCnyAmounts += 1;
    return { yuan: null, extra: { ...kept, amount, currency } };
  }

  private dateTime(value: unknown, field: string, unconverted: Json): string | null {
    const text = asText(value);
    if (!text) return null;
    if (dateTimeWithOffset.safeParse(text).success) return text;
    unconverted[field] = text;
    this.counts.unconvertedDates += 1;
    return null;
  }

  /** The calendar day as published (the first 10 characters of an OCDS date-time). */
  private date(value: unknown, field: string, unconverted: Json): string | null {
    const text = asText(value);
    if (!text) return null;
    const day = /^\d{4}-\d{2}-\d{2}/.exec(text)?.[0];
    if (day && !Number.isNaN(Date.parse(day))) return day;
    unconverted[field] = text;
    this.counts.unconvertedDates += 1;
    return null;
  }

  private skip(kind: string, object: Json): void {
    ((this.skipped[kind] ??= []) as Json[]).push(object);
  }
}

/**
 * A company id from an OCDS organization: the 统一社会信用代码 when any identifier has scheme
 * CN-USCC (the id the record contract uses for companies), else `scheme-id` of its identifier
 * (the OCDS recommendation for party ids), else the party id as published.
 */
function organizationId(organization: Json): string | null {
  const identifiers = [asObject(organization.identifier), ...asObjects(organization.additionalIdentifiers)].filter((i): i is Json => i !== null);
  const uscc = identifiers.find((i) => asText(i.scheme) === USCC_SCHEME && asText(i.id));
  if (uscc) return asText(uscc.id);
  const main = asObject(organization.identifier);
  const id = asText(main?.id);
  if (id) {
    const scheme = asText(main?.scheme);
    return scheme ? `${scheme}-${id}` : id;
  }
  const partyId = asText(organization.id);
  return partyId?.startsWith(`${USCC_SCHEME}-`) ? partyId.slice(USCC_SCHEME.length + 1) : partyId;
}

/**
 * An organization OCDS 1.0 writes in place (address, contact point …), kept whole where it stands:
 * the same company may appear in two roles with different contact points, and its company record
 * holds only the first. A 1.1 reference (id and name only) is null: its party is the company.
 */
function embeddedOrganization(value: unknown): Json | null {
  const object = asObject(value);
  return object && Object.keys(object).some((key) => key !== 'id' && key !== 'name') ? object : null;
}

/**
 * region, locality, streetAddress joined largest first (the Chinese order 省市区 + street, which
 * mart_company_contacts splits again); a part the next one already contains is left out.
 */
function joinAddress(address: Json | null): string | null {
  if (!address) return null;
  const parts = [asText(address.region), asText(address.locality), asText(address.streetAddress)].filter((p): p is string => p !== null);
  const kept = parts.filter((part, i) => !parts.slice(i + 1).some((later) => later.includes(part)));
  if (kept.length === 0) return null;
  return kept.join(kept.some((p) => /\p{Script=Han}/u.test(p)) ? '' : ', ');
}
