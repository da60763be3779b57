/** Bins of a market's score histogram (tender_screens.score runs 0..1): twenty of 0.05. */
export const SCREEN_HISTOGRAM_BINS = 20;

/**
 * The SQL counting the run's (`$run_id`) screened tenders of each market matching `marketFilter`
 * in SCREEN_HISTOGRAM_BINS score bins: rows of market, bin (0-based), n. Per batch in
 * loadLeadContext.ts, or once per report in narrowLeadContextSources.ts.
 *
 * @example
 * await db.query(screenHistogramSql("market = 'works:5301'"), { run_id: 'run-1' });
 */
export function screenHistogramSql(marketFilter: string): string {
  return `
    select market, least(${SCREEN_HISTOGRAM_BINS - 1}, greatest(0, floor(score * ${SCREEN_HISTOGRAM_BINS})))::integer as bin, count(*)::integer as n
    from tender_screens
    where run_id = $run_id and ${marketFilter} and score is not null
    group by all`;
}
