import type { z } from 'zod';
import type { Database } from '../db/Database.ts';

/** The five families of ../shared/spec/detections.md, and `ocds`: Cardinal's indicators on OCDS data (issue 14). */
export const families = ['collusion', 'qualification', 'splitting', 'approval', 'procedure', 'ocds'] as const;
export type Family = (typeof families)[number];

/** The catalogue codes of detections.md, A1 … E5 (what the demo plants and the evaluation scores). */
export const catalogueCodes = [
  'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8',
  'B1', 'B2', 'B3', 'B4', 'B5', 'B6',
  'C1', 'C2', 'C3', 'C4',
  'D1', 'D2', 'D3', 'D4', 'D5',
  'E1', 'E2', 'E3', 'E4', 'E5',
] as const;

/** Every code a rule may carry: the catalogue, then Cardinal 0.0.8's OCDS indicators (rules/ocds/). */
export const detectionCodes = [
  ...catalogueCodes,
  'R003', 'R018', 'R024', 'R025', 'R028', 'R030', 'R035', 'R036', 'R038', 'R048', 'R058',
] as const;
export type DetectionCode = (typeof detectionCodes)[number];

export const familyOfDetection = (code: DetectionCode): Family =>
  ({ A: 'collusion', B: 'qualification', C: 'splitting', D: 'approval', E: 'procedure', R: 'ocds' } as const)[code[0] as 'A' | 'B' | 'C' | 'D' | 'E' | 'R'];

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
}
