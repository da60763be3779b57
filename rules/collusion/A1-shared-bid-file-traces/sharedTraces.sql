-- A1 step 1, run once per trace kind (rule.ts splices the kind's column in for fp_trace). Grain: one row per tender
-- and trace value that bids of two or more different bidders share, the value not generic across the market.
-- One kind at a time: the six kinds unpivoted together were 60M rows at 10M bids, grouped twice with distinct counts,
-- which outgrew DuckDB's memory limit and spilled; one kind's 10M rows fit. Every step below is within one kind
-- (a value is shared, or generic, among values of its own kind), so the rows are those of grouping all kinds at once.
with traces as (
    select bid_id, tender_id, bidder_id, fp_trace as trace_value
    from mart_bids
    where fp_trace is not null
),

-- Find the shared values with a cheap count first; lists are built only for them (most values are unique). The count
-- groups on one 64-bit hash of the value and its tender: grouping the (tender, value) strings cost several times more
-- (bench/profileScan.ts). A hash shared by two different values only adds a candidate, which the final grouping
-- checks on the values themselves, so the rows are exactly those of grouping on the strings. The count is of bids, not
-- of distinct bidders: a superset (a bidder's two bids on one tender with one value also pass), which the final grouping
-- narrows to two bidders or more; a distinct count per group cost a third of A1 (1M bids: 3.3 -> 2.0 CPU s).
candidate_keys as (
    select hash(tender_id, trace_value) as key_hash
    from traces
    group by key_hash
    having count(*) >= 2
),

candidate_traces as (
    select traces.*
    from traces
    semi join candidate_keys on candidate_keys.key_hash = hash(traces.tender_id, traces.trace_value)
),

-- Values so common across the market that they say nothing about one tender (checked for shared values only): IPs
-- with their own, lower count ($generic_min_companies is ip_generic_min_companies for IPs, else
-- generic_value_min_companies; rule.ts documents both).
generic_values as (
    select traces.trace_value
    from traces
    semi join (select distinct trace_value from candidate_traces) as candidates using (trace_value)
    group by traces.trace_value
    having count(distinct traces.bidder_id) >= $generic_min_companies
)

select
    candidate_traces.tender_id,
    $trace_kind as trace_kind,
    candidate_traces.trace_value,
    list(distinct candidate_traces.bidder_id order by candidate_traces.bidder_id) as bidder_ids,
    list(distinct candidate_traces.bid_id order by candidate_traces.bid_id) as bid_ids
from candidate_traces
anti join generic_values using (trace_value)
group by candidate_traces.tender_id, candidate_traces.trace_value
having count(distinct candidate_traces.bidder_id) >= 2  -- two or more bidders share this very value
