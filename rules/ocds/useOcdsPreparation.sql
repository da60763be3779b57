-- This connection's names for the prepared releases and gates (prepareOcdsReleases.sql, tables of
-- ocds_prepared shared by every connection), and the bids of those releases.
create or replace temp view ocds_used_releases as select * from ocds_prepared.ocds_used_releases;

create or replace temp view ocds_award_gates as select * from ocds_prepared.ocds_award_gates;

-- grain (ocds_used_bids): one row per bid (element of bids.details) of a used release, with the
-- release's filters and award gates beside it, so each indicator reads one relation. A view, not a
-- copy: at 1M releases (7M bids) a copy took ~1.4 GB beside stg_ocds_bids, past DuckDB's memory
-- limit, and each indicator's join costs less than writing it. Release-level strings (ocid, dates,
-- organisations) stay in ocds_used_releases, joined on seq where a rule needs them.
create or replace temp view ocds_used_bids as
with bids as (
    select
        bids.* exclude (ocid),
        gates.price_compared,
        gates.has_awards,
        gates.has_bid_details,
        gates.all_final,
        gates.active_awards,
        gates.single_winner
    from stg_ocds_bids as bids
    inner join ocds_award_gates as gates on gates.seq = bids.seq
)

select * from bids;
