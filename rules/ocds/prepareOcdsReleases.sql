-- The releases every Cardinal indicator reads, after its per-release filters (docs/cardinal-semantics.md,
-- "Per-release filters and shared helpers"), and each release's award gates: tables of the attached
-- in-memory database ocds_prepared, which every connection sees, made once from stg_ocds_releases and
-- stg_ocds_awards (useOcdsPreparation.sql gives each connection its names and the bids).
-- grain (ocds_used_releases): one row per release that is not cancelled and not excluded
create or replace table ocds_prepared.ocds_used_releases as
with releases as (
    select * exclude (source)
    from stg_ocds_releases
),

used as (
    select
        *,
        case
            when len($price_comparison_methods) > 0
                then coalesce(list_contains($price_comparison_methods, procurement_method_details), false)
            else not coalesce(list_contains($no_price_comparison_methods, procurement_method_details), false)
        end as price_compared
    from releases
    where tender_status is distinct from 'cancelled'
      and not coalesce(list_contains($excluded_methods_details, procurement_method_details), false)
)

select * from used;

-- grain (ocds_award_gates): one row per used release, with the release flags the bid-level rules
-- test beside its award gates, so that ocds_used_bids joins one table. Keyed by seq (one per
-- release, like ocid, but an integer: every join and grouping below is on it).
create or replace table ocds_prepared.ocds_award_gates as
with award_summary as (
    select
        seq,
        count(*) filter (where status is not null and status not in ('active', 'cancelled', 'unsuccessful')) as undecided_awards,
        count(*) filter (where status = 'active') as active_awards,
        any_value(case when supplier_count = 1 and len(supplier_ids) = 1 then supplier_ids[1] end) filter (where status = 'active') as only_supplier,
        flatten(list(supplier_ids) filter (where status = 'active')) as winner_ids
    from stg_ocds_awards
    group by seq
),

gates as (
    select
        used.ocid,
        used.seq,
        used.price_compared,
        used.has_awards,
        used.has_bid_details,
        used.has_awards and used.has_bid_details and coalesce(award_summary.undecided_awards, 0) = 0 as all_final,
        coalesce(award_summary.active_awards, 0) as active_awards,
        case
            when used.has_awards and used.has_bid_details and coalesce(award_summary.undecided_awards, 0) = 0
                 and award_summary.active_awards = 1
                then award_summary.only_supplier
        end as single_winner,
        coalesce(award_summary.winner_ids, []::varchar[]) as winner_ids
    from ocds_prepared.ocds_used_releases as used
    left join award_summary on award_summary.seq = used.seq
)

select * from gates;
