import type { RuleRunResult } from '../rules/runRules.ts';

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);

/**
 * One line of a rule's fate in a scan, shared by `bidwatch rules --db` and the scan summary.
 */
export function formatRuleStatus(result: RuleRunResult): string {
  const status = result.status === 'skipped' ? 'skipped for lack of data' : result.status;
  const flagRate = result.status === 'ran'
    ? `, ${result.hits} hits, flag rate ${percent(result.flagRate)} of ${result.eligible} eligible ${result.unit}s${result.maxFlagRate !== null ? ` (ceiling ${percent(result.maxFlagRate)})` : ''}`
    : '';
  const marker = result.nonDiscriminating ? ' — NON-DISCRIMINATING on this market: hits withheld (table withheld_flags), not in flags or leads' : '';
  return `${status}, coverage ${percent(result.coverage)}${flagRate}${result.reason ? `: ${result.reason}` : ''}${marker}`;
}

