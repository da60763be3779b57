import type { RelationDoc } from './schemaReference/RelationDoc.ts';

/**
 * The meaning of every column of the result tables `ensureResultTables` (ensureResultTables.ts, next
 * door) creates (outputs.md): ONE place, read by the schema reference (`bidwatch schema` →
 * docs/schema.md). A column added to one of those files without a line here shows up as
 * undocumented and fails test/schema.test.ts.
 *
 * @example
 * resultColumns.flags.columns.score; // '0..1, how strong this hit is on its own'
 */
export const resultColumns: Record<string, RelationDoc> = {
  runs: {
    source: 'db/ensureRunsTable.ts',
    grain: 'one row per scan',
    description: 'Every scan, with what it read, the parameters it ran with and its summary (rows per model, hits per rule, leads).',
    columns: {
      run_id: 'the scan\'s id, `run-<UTC timestamp>` (sortable) unless given with `scan --run-id`',
      started_at: 'when the scan started',
      finished_at: 'when it finished; null while running or when it failed',
      input: 'the directory it loaded; null for `scan --no-load`',
      parameters: 'JSON: the rule parameter overrides it ran with (`scan --params`)',
      summary: 'JSON: the scan summary: load counts, rows per model, per rule its status (ran / skipped for lack of data / failed, with the reason), coverage, hits and flag rate, leads, data gaps, seconds per stage',
    },
  },
  flags: {
    source: 'rules/ensureFlagTables.ts',
    grain: 'one row per rule hit of the latest scan (earlier scans\' hits move to flag_history)',
    description: 'What each rule found (outputs.md `flags`). Read it through v_flags for names and lead status.',
    columns: {
      run_id: 'the scan that produced it',
      flag_id: 'the hit\'s id: a hash of rule, tender, case key and record ids, so the same finding keeps its id across scans',
      rule_id: 'the rule\'s stable id, e.g. A1-shared-bid-file-traces (folder rules/<family>/<rule_id>/)',
      detection: 'the catalogue code it implements (A1 … E5, detections.md)',
      family: 'collusion, qualification, splitting, approval, procedure',
      tender_id: 'the tender concerned, null when the hit is not about one tender',
      tender_ids: 'every tender involved (includes tender_id)',
      project_code: 'the project concerned, if any (else the project of tender_id)',
      company_ids: 'companies involved, sorted',
      person_ids: 'persons involved, sorted',
      record_ids: 'source record ids the hit rests on (bids, contracts, approvals ...), sorted',
      score: '0..1, how strong this hit is on its own',
      evidence: 'JSON: summary_zh, the source values, the thresholds they crossed and the parameters used; `non_discriminating: true` (with `flag_rate`, `max_flag_rate`) when a statistical rule flagged more than its ceiling of the market: such hits stay out of the leads',
      case_key: 'key the rule gives to group hits into one case (ring:…, buyer:…, person:…), if any',
      lead_id: 'the lead the hit was grouped into (set by the leads stage)',
    },
  },
  flag_history: {
    source: 'rules/ensureFlagTables.ts',
    grain: 'one row per rule hit of an earlier scan',
    description: 'Hits of every scan before the latest, same columns as flags: compare scans with it.',
    columns: {
      run_id: 'the scan that produced it',
      flag_id: 'the hit\'s id (same hash as in flags: the same finding has the same id in every scan)',
      rule_id: 'the rule\'s stable id',
      detection: 'the catalogue code (A1 … E5)',
      family: 'collusion, qualification, splitting, approval, procedure',
      tender_id: 'the tender concerned, if one',
      tender_ids: 'every tender involved',
      project_code: 'the project concerned, if any',
      company_ids: 'companies involved',
      person_ids: 'persons involved',
      record_ids: 'source record ids the hit rests on',
      score: '0..1, how strong this hit is on its own',
      evidence: 'JSON: summary, values, thresholds, parameters',
      case_key: 'the rule\'s case key, if any',
      lead_id: 'the lead the hit was grouped into in that scan',
    },
  },
  tender_screens: {
    source: 'rules/ensureFlagTables.ts',
    grain: 'one row per scan and tender with at least 3 valid bids (every scan\'s rows are kept)',
    description: 'Price screens of every tender (outputs.md `tender_screens`, rule A5), so a user can rank every tender, not only flagged ones. Read v_tender_screens for the latest scan\'s.',
    columns: {
      run_id: 'the scan that computed them',
      tender_id: 'the tender screened',
      market: 'the reference group the score was calibrated in: the category within the province (e.g. works:53), else the category (works), else (all) for the whole run',
      n_bids: 'valid bids the screens were computed on',
      cv: 'sample sd / mean of the valid bids; lower under cover bidding',
      rd: '(b2 − b1) / sd of the losing bids; higher when the winner sits apart below the covers',
      spd: '(max − min) / min; lower under cover bidding',
      diffp: '(b2 − b1) / b1; higher under cover bidding',
      kurtosis: 'sample excess kurtosis (needs 4 bids); higher under cover bidding',
      skewness: 'sample skewness; negative under cover bidding',
      score: '0..1 suspicion from the screens: 2/3 · low-CV percentile + 1/3 · mean of the RD, skewness and b1c percentiles within the reference group (or a supervised model\'s probability with scan --screen-model); null when the run is too small to calibrate',
      b1c: 'lowest valid bid / ceiling price; higher when the cartel keeps the price near the ceiling; null without a ceiling',
    },
  },
  leads: {
    source: 'leads/ensureLeadTables.ts',
    grain: 'one row per case lead (问题线索), kept across scans',
    description: 'Connected hits grouped into cases with stable ids and a review status (outputs.md `leads`). Read v_leads for names and the latest review.',
    columns: {
      lead_id: 'stable id (L-…): the same case gets the same id in the next scan',
      title: 'one line, Chinese',
      family: 'main family',
      score: '0..1, noisy-or of the strongest hit of each contributing detection code',
      company_ids: 'every company involved',
      person_ids: 'every person involved',
      tender_ids: 'every tender involved',
      project_codes: 'every project involved',
      detections: 'catalogue codes that contributed',
      flag_ids: 'the hits (flags.flag_id) of the latest scan that saw the lead',
      status: 'new, reviewing, confirmed, dismissed: set by reviewers (`bidwatch review`), kept across scans',
      first_seen_run: 'the scan that first produced it',
      last_seen_run: 'the latest scan that produced it',
      active: 'false when the latest scan did not see the case again (the lead is kept)',
      summary: 'JSON: number of hits, hits by detection code',
    },
  },
  lead_keys: {
    source: 'leads/ensureLeadTables.ts',
    grain: 'one row per lead and case key',
    description: 'The keys (tender:…, project:…, ring:…, buyer:…, person:…) that identify a lead\'s case, so the next scan can give the same case the same lead id.',
    columns: {
      lead_id: 'the lead',
      case_key: 'one key of its case',
      run_id: 'the scan that first linked the key to the lead',
    },
  },
  lead_reviews: {
    source: 'leads/ensureLeadTables.ts',
    grain: 'one row per review decision (the history is never rewritten)',
    description: 'Who set which status on which lead, when, and why (`bidwatch review`, or the review desk `bidwatch serve`, merged by the next scan).',
    columns: {
      lead_id: 'the lead reviewed',
      status: 'the status set: new, reviewing, confirmed, dismissed',
      note: 'the reviewer\'s note',
      reviewer: 'who reviewed',
      reviewed_at: 'when',
      review_id: 'the review desk\'s id of the review (null: recorded with `bidwatch review`)',
      from_status: 'the status the lead had before (review desk only)',
      assignee: 'whom the review assigned the lead to (review desk only)',
    },
  },
};
