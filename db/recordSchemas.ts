/**
 * The input contract (docs/records.md, v1) as zod schemas: the single source of the
 * record TypeScript types, of ingest validation (files and Kafka alike) and of the raw tables'
 * columns (see rawTableColumns.ts). Change the contract here and everything follows.
 *
 * Objects are loose: unknown extra fields survive validation and are kept in the raw table's
 * `extra` JSON column, as the contract asks ("kept, not rejected").
 */
import { z } from 'zod';

const id = z.string().trim().min(1, 'must be a non-empty string');
const optionalId = id.nullish();
/**
 * The largest amount of money a record may carry: 10 trillion yuan (1e13, 十万亿元). China's whole
 * government procurement is about 3.4 trillion yuan a year (财政部, 2022) and the largest single
 * projects (三峡工程 ≈ 2.5e11) stay far below, so anything larger is a producer's error. The bound
 * also keeps the rules' arithmetic in range: a fourth power of 1e13 (kurtosis) is 1e52, where a
 * price of 1e300 overflowed DuckDB's STDDEV_SAMP and made A5 fail; and 1e13 with cents is 15
 * significant digits, still exact in a double. Ingest dead-letters a larger value as `out_of_range`.
 */
export const MAX_MONEY_YUAN = 1e13;

/**
 * Money is yuan, never negative (records.md "Common rules"), at most MAX_MONEY_YUAN. A value within a
 * few float ulps of a cent amount is a binary rendering of it (258781115.05999997 is 258781115.06)
 * and is rounded to the cent; a value with genuinely more decimals is kept as sent, because real
 * markets quote unit prices (0.0731 per unit) and dead-lettering them would lose whole markets.
 */
const money = z
  .number()
  .finite()
  .nonnegative('money must not be negative')
  .max(MAX_MONEY_YUAN, `money above ${MAX_MONEY_YUAN.toExponential()} yuan (10 trillion) is out of range`)
  // Round on the decimal text, not v * 100: 168784178.7 * 100 is 16878417869.999998 in binary floating point.
  .transform((v) => {
    const cents = Number(v.toFixed(2));
    return Math.abs(cents - v) <= 4 * Number.EPSILON * Math.abs(v) ? cents : v;
  });
const dateTime = z.iso.datetime({ offset: true, local: false, message: 'must be an ISO 8601 date-time with offset' });
const date = z.iso.date('must be a date YYYY-MM-DD');

/** A period check, declared (not only coded) so ingest/sql/ can run the same check in SQL. */
export interface PeriodCheck {
  start: string;
  end: string;
  label: string;
}

/** The period check behind each check object `periodInOrder` made: read by ingest/sql/recordCheckSql.ts. */
export const periodChecks = new WeakMap<object, PeriodCheck>();

/** Rejects a period whose end comes before its start ("end before start" in the contract). */
function periodInOrder(start: string, end: string, label: string) {
  const check = z.superRefine((value: Record<string, unknown>, ctx) => {
    const from = value[start] as string | null | undefined;
    const to = value[end] as string | null | undefined;
    if (from && to && Date.parse(to) < Date.parse(from)) {
      ctx.addIssue({ code: 'custom', message: `${label}: end ${to} before start ${from}` });
    }
  });
  periodChecks.set(check, { start, end, label });
  return check as z.core.$ZodCheck<any>;
}

const registration = z
  .looseObject({
    cert_no: z.string().nullish(),
    company_id: optionalId,
    specialty: z.string().nullish(),
    grade: z.string().nullish(),
    valid_from: date.nullish(),
    valid_to: date.nullish(),
  })
  .check(periodInOrder('valid_from', 'valid_to', 'registration validity'));

const socialInsurance = z
  .looseObject({ company_id: id, from: date, to: date.nullish() })
  .check(periodInOrder('from', 'to', 'social insurance period'));

export const personSchema = z.looseObject({
  id,
  name: z.string().min(1),
  registrations: z.array(registration).nullish(),
  social_insurance: z.array(socialInsurance).nullish(),
  updated_at: dateTime,
});

const qualification = z
  .looseObject({
    type: z.string(),
    grade: z.string().nullish(),
    cert_no: z.string().nullish(),
    valid_from: date.nullish(),
    valid_to: date.nullish(),
  })
  .check(periodInOrder('valid_from', 'valid_to', 'qualification validity'));

const shareholder = z.looseObject({
  holder_id: id,
  holder_type: z.enum(['person', 'company']),
  share: z.number().min(0).max(1).nullish(),
});

const creditRecord = z
  .looseObject({ kind: z.string(), from: date, to: date.nullish(), authority: z.string().nullish() })
  .check(periodInOrder('from', 'to', 'credit record period'));

export const companySchema = z.looseObject({
  id,
  name: z.string().min(1),
  legal_rep_id: optionalId,
  address: z.string().nullish(),
  phone: z.string().nullish(),
  email: z.string().nullish(),
  established_on: date.nullish(),
  registered_capital: money.nullish(),
  qualifications: z.array(qualification).nullish(),
  shareholders: z.array(shareholder).nullish(),
  credit_records: z.array(creditRecord).nullish(),
  updated_at: dateTime,
});

export const investmentTypes = ['government', 'state_owned', 'private', 'ppp'] as const;
export const approvalRoutes = ['approval', 'verification', 'filing'] as const;

export const projectSchema = z.looseObject({
  code: id,
  name: z.string().min(1),
  owner_id: id,
  region_code: z.string().regex(/^\d{6}$/, 'region_code must be 6 digits').nullish(),
  industry: z.string().nullish(),
  /** Null when the source does not say (OCDS has no such field): C3 then reports it as missing. */
  investment_type: z.enum(investmentTypes).nullish(),
  approval_route: z.enum(approvalRoutes).nullish(),
  total_investment: money.nullish(),
  updated_at: dateTime,
});

export const approvalKinds = [
  'project_approval',
  'verification',
  'filing',
  'land_use',
  'planning_permit',
  'eia',
  'energy_review',
  'budget_estimate',
  'construction_permit',
] as const;

export const approvalSchema = z
  .looseObject({
    id,
    project_code: id,
    kind: z.enum(approvalKinds),
    applied_on: date.nullish(),
    issued_on: date,
    authority: z.string().nullish(),
    doc_no: z.string().nullish(),
    amount: money.nullish(),
    updated_at: dateTime,
  })
  .check(periodInOrder('applied_on', 'issued_on', 'approval issued before applied'));

export const milestoneKinds = ['construction_start', 'completion', 'final_account', 'budget'] as const;

export const milestoneSchema = z.looseObject({
  id,
  project_code: id,
  kind: z.enum(milestoneKinds),
  on: date,
  amount: money.nullish(),
  source: z.string().nullish(),
  updated_at: dateTime,
});

export const tenderMethods = [
  'open',
  'invited',
  'competitive_negotiation',
  'competitive_consultation',
  'single_source',
  'inquiry',
  'direct',
] as const;
export const categories = ['works', 'goods', 'services'] as const;

export const tenderSchema = z
  .looseObject({
    id,
    project_code: optionalId,
    title: z.string().min(1),
    buyer_id: id,
    agency_id: optionalId,
    /** Null when the source gives no method bidwatch can name (an OCDS `limited` without details): never guessed. */
    method: z.enum(tenderMethods).nullish(),
    category: z.enum(categories).nullish(),
    exemption_reason: z.string().nullish(),
    estimated_value: money.nullish(),
    ceiling_price: money.nullish(),
    announced_at: dateTime.nullish(),
    bid_deadline: dateTime.nullish(),
    region_code: z.string().regex(/^\d{6}$/, 'region_code must be 6 digits').nullish(),
    updated_at: dateTime,
  })
  .check(periodInOrder('announced_at', 'bid_deadline', 'bid deadline before announcement'));

const fingerprintTrace = z.string().nullish();

export const bidStatuses = ['valid', 'disqualified', 'withdrawn'] as const;

export const bidSchema = z.looseObject({
  id,
  tender_id: id,
  bidder_id: id,
  consortium_ids: z.array(id).nullish(),
  /** Null when no amount in yuan is known (e.g. an OCDS bid in another currency: amount and currency kept in `_extra`). */
  price: money.nullish(),
  submitted_at: dateTime.nullish(),
  project_manager_id: optionalId,
  key_staff_ids: z.array(id).nullish(),
  deposit: z
    .looseObject({ payer_account: z.string().nullish(), payer_name: z.string().nullish(), paid_at: dateTime.nullish() })
    .nullish(),
  fingerprint: z
    .looseObject({
      mac: fingerprintTrace,
      hardware_id: fingerprintTrace,
      ip: fingerprintTrace,
      file_creator: fingerprintTrace,
      ca_serial: fingerprintTrace,
      doc_hash: fingerprintTrace,
    })
    .nullish(),
  status: z.enum(bidStatuses),
  disqualification_reason: z.string().nullish(),
  score: z.number().finite().nullish(),
  rank: z.number().int().positive().nullish(),
  updated_at: dateTime,
});

export const awardSchema = z.looseObject({
  id,
  tender_id: id,
  winner_id: id,
  /** Null when no amount in yuan is known (another currency, or one value for several suppliers). */
  price: money.nullish(),
  decided_at: dateTime.nullish(),
  notice_at: dateTime.nullish(),
  updated_at: dateTime,
});

export const contractSchema = z
  .looseObject({
    id,
    tender_id: optionalId,
    project_code: optionalId,
    buyer_id: id,
    supplier_id: id,
    title: z.string().min(1),
    category: z.enum(categories).nullish(),
    /** Null when no amount in yuan is known (e.g. an OCDS contract in another currency). */
    value: money.nullish(),
    signed_on: date.nullish(),
    start_on: date.nullish(),
    end_on: date.nullish(),
    project_manager_id: optionalId,
    subcontracts: z
      .array(z.looseObject({ subcontractor_id: id, value: money.nullish(), scope: z.string().nullish() }))
      .nullish(),
    updated_at: dateTime,
  })
  .check(periodInOrder('start_on', 'end_on', 'contract period'));

/**
 * Every record type, in the order a loader applies them (records.md).
 * `key` is the field that identifies a record: upserts and Kafka message keys use it.
 */
export const recordTypes = {
  persons: { schema: personSchema, key: 'id' },
  companies: { schema: companySchema, key: 'id' },
  projects: { schema: projectSchema, key: 'code' },
  approvals: { schema: approvalSchema, key: 'id' },
  milestones: { schema: milestoneSchema, key: 'id' },
  tenders: { schema: tenderSchema, key: 'id' },
  bids: { schema: bidSchema, key: 'id' },
  awards: { schema: awardSchema, key: 'id' },
  contracts: { schema: contractSchema, key: 'id' },
} as const;

export type RecordType = keyof typeof recordTypes;
export const recordTypeNames = Object.keys(recordTypes) as RecordType[];

export type PersonRecord = z.infer<typeof personSchema>;
export type CompanyRecord = z.infer<typeof companySchema>;
export type ProjectRecord = z.infer<typeof projectSchema>;
export type ApprovalRecord = z.infer<typeof approvalSchema>;
export type MilestoneRecord = z.infer<typeof milestoneSchema>;
export type TenderRecord = z.infer<typeof tenderSchema>;
export type BidRecord = z.infer<typeof bidSchema>;
export type AwardRecord = z.infer<typeof awardSchema>;
export type ContractRecord = z.infer<typeof contractSchema>;

/** The record type of each record type name, e.g. `RecordOf<'bids'>` is `BidRecord`. */
export type RecordOf<T extends RecordType> = z.infer<(typeof recordTypes)[T]['schema']>;

/** The money schema itself, so ingest/sql/ can recognise money fields and check them the same way in SQL. */
export const moneySchema = money;
