import type { z } from 'zod';
import type { Database } from '../db/Database.ts';

/** The five families of ../shared/spec/detections.md, and `ocds`: Cardinal's indicators on OCDS data (issue 14). */
export const families = ['collusion', 'qualification', 'splitting', 'approval', 'procedure', 'ocds'] as const;
export type Family = (typeof families)[number];

/**
 * The catalogue codes of detections.md, A1 … E5: the codes the generated markets plant a case
 * for and the evaluation scores. A rule may carry a code beyond them (E9): see `DetectionCode`.
 */
export const catalogueCodes = [
  'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8',
  'B1', 'B2', 'B3', 'B4', 'B5', 'B6',
  'C1', 'C2', 'C3', 'C4',
  'D1', 'D2', 'D3', 'D4', 'D5',
  'E1', 'E2', 'E3', 'E4', 'E5',
] as const;
export type CatalogueCode = (typeof catalogueCodes)[number];

/** The family letter of a detection code: A collusion … E procedure (detections.md). */
export type FamilyLetter = 'A' | 'B' | 'C' | 'D' | 'E' | 'R';
/** A detection code: a family letter and a number, the catalogue's (A1 … E5) or a new one (E9). */
export type DetectionCode = `${FamilyLetter}${number}`;

export const familyOfDetection = (code: DetectionCode): Family =>
  ({ A: 'collusion', B: 'qualification', C: 'splitting', D: 'approval', E: 'procedure', R: 'ocds' } as const)[code[0] as FamilyLetter];

/**
 * The evidence every hit carries (outputs.md `flags.evidence`), in a shape the reports render
 * without knowing the rule: a sentence, the values against their thresholds, tables of records.
 * The rule runner adds `parameters` (every parameter value the rule ran with).
 */
export interface Evidence {
  /** One sentence in Chinese, with the numbers, worded as suspicion (疑似). */
  summary_zh: string;
  summary_en?: string;
  /** Values and the thresholds they crossed, e.g. `{ shared_traces: 2, threshold_min_traces: 1 }`. */
  facts?: Record<string, string | number | boolean | null>;
  /** Record tables, e.g. the bids side by side; each row an object keyed by column name. */
  tables?: { title_zh: string; rows: Record<string, unknown>[] }[];
  /** Values to highlight wherever they appear in the tables (the shared traces). */
  highlight?: string[];
  [key: string]: unknown;
}

/** One hit as a rule produces it; the runner adds run id, rule id, detection and family. */
export interface RuleHit {
  /** The tender concerned, when the hit is about one tender. */
  tender_id: string | null;
  /** Every tender involved (a ring spans many); defaults to [tender_id]. */
  tender_ids?: string[];
  /** The project concerned; defaults to the tender's project. */
  project_code?: string | null;
  company_ids: string[];
  person_ids?: string[];
  /** Source record ids (bids, contracts, approvals …) the evidence rests on. */
  record_ids: string[];
  /** 0..1: how strong this hit is on its own. */
  score: number;
  evidence: Evidence;
  /**
   * Groups hits that are not about a tender or project into one case lead, e.g. `buyer:<id>`
   * for a buyer's pattern. Hits also join a case through shared tenders and projects.
   */
  case_key?: string | null;
}

export interface RuleContext {
  /** The database with the marts built; rules read, never write raw tables. */
  db: Database;
  runId: string;
  /** Reports something the scan summary should say that is not a hit (e.g. a market too small to calibrate). */
  note?: (message: string) => void;
}

/**
 * A rule's code: either a SQL file next to the rule that selects hit rows (columns of
 * `RuleHit`, lists as lists and `evidence` as JSON, every parameter bound as `$name`), or a
 * function for graph and statistics work. A SQL rule may declare `prepare`, run first with the
 * same parameters, to build temp tables its SQL joins (the splitting rules' thresholds).
 */
export type RuleEvaluator<P> =
  | { kind: 'sql'; file: URL; prepare?: (db: Database, parameters: P) => Promise<void> }
  | { kind: 'code'; run: (context: RuleContext, parameters: P) => Promise<RuleHit[]> };

export interface LegalBasis {
  zh: string;
  en: string;
}

/**
 * `trace`: a hit is a trace the law itself names as 串通投标 between bidders (a shared machine
 * code, key staff or deposit account: Reg 40(1)(2)(3)(6), A1–A3) and is evidence at any rate.
 * `statutory`: a hit is a fact measured against a legal line (a missing approval, a short bid
 * period). `statistical`: a hit is unusual relative to the market (screens, fences, communities).
 * Statutory and statistical rules are held to a flag-rate ceiling (`max_flag_rate`, issue 18): a
 * rule that fires on most of a market says nothing about any one case there (a region where most
 * awards have two bids, E2), so above it its hits stay in flags, marked, and out of the leads,
 * and the report names it as a market-wide pattern (rules/runRules.ts).
 */
export type RuleKind = 'trace' | 'statutory' | 'statistical';

/**
 * What a rule reads, table → the columns it needs from it (marts, staging views, and the result
 * tables of rules named in `after`). The runner checks they exist before the rule runs, and
 * test/rules.declarations.test.ts that every table the rule's files name is declared.
 */
export type RuleReads = Readonly<Record<string, readonly string[]>>;

/**
 * The data a rule needs, measured before it runs (issue 18 "coverage before rules"). The
 * candidates are the rows the rule judges; each input is a condition on a candidate row that
 * holds when that row's input is on record. Coverage = the share of candidates with every input
 * present; a rule with none is skipped ("no <input> in this database"), never run on absent data.
 * The flag rate is the share of eligible units (the `unit` of candidates with their inputs) that
 * the rule's hits name.
 *
 * @example { candidates: 'mart_bids', unit: 'tender', inputs: [{ name: 'bid-file traces', present: 'fp_mac is not null' }] }
 */
export interface RuleCoverage {
  /** A table or view of candidate rows, e.g. `mart_bids`. */
  candidates: string;
  /** SQL condition narrowing the candidates, e.g. `status = 'valid'`. */
  where?: string;
  /**
   * What the flag rate counts: `tender` (candidates' `tender_id`, hits' `tender_ids`), `contract`
   * (`contract_id`, hits' `record_ids`), `project` (`project_code`, hits' `project_code`) or
   * `process` (an OCDS contracting process: `ocid`, hits' `record_ids`).
   */
  unit: 'tender' | 'contract' | 'project' | 'process';
  inputs: readonly { name: string; present: string }[];
}

/**
 * One detection rule, in one folder `rules/<family>/<code>-<slug>/` with its README and cases.
 *
 * @example see rules/collusion/A1-shared-bid-file-traces/rule.ts
 */
export interface Rule<S extends z.ZodObject = z.ZodObject> {
  /** Stable id: the folder name, e.g. `A1-shared-bid-file-traces`. Never reuse or rename. */
  id: string;
  detection: DetectionCode;
  family: Family;
  title: { zh: string; en: string };
  legalBasis: LegalBasis[];
  /** Parameters with defaults; every field's `.describe()` says where its default comes from. */
  parameters: S;
  evaluate: RuleEvaluator<z.infer<S>>;
  /** The folder holding README.md and cases/. */
  folder: URL;
  kind: RuleKind;
  reads: RuleReads;
  /** Rules whose output (of the same run) this rule reads; the runner runs them first. */
  after?: readonly string[];
  coverage: RuleCoverage;
}
