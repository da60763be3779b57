-- A3 shared deposit account. Grain: one hit per tender where deposits of different bidders came from one account.
-- Not materialized: DuckDB would otherwise copy every bid's columns into a temporary result (it materializes a CTE
-- read more than once), which at 10M bids outgrows its memory limit and spills; reading mart_bids again is cheaper.
with bids as not materialized (
    select bid_id, tender_id, bidder_id, bidder_name, price, status,
           deposit_payer_account, deposit_payer_name, deposit_paid_at
    from mart_bids
),

paid as not materialized (
    select * from bids where deposit_payer_account is not null
),

-- A cheap count finds the candidate shared accounts; their lists are built afterwards. The count groups on one hash
-- of tender and account (as A1); a hash two pairs share only adds a candidate, checked on the accounts themselves.
candidate_keys as (
    select hash(tender_id, deposit_payer_account) as key_hash
    from paid
    group by key_hash
    having count(distinct bidder_id) >= 2
),

candidate_paid as (
    select paid.*
    from paid
    semi join candidate_keys on candidate_keys.key_hash = hash(paid.tender_id, paid.deposit_payer_account)
),

-- Service accounts paying for many bidders across the market (保证金代缴/保函 platforms) say nothing. Counted for the
-- candidate accounts only (as A1): counted for every account it was a second distinct count over every deposit.
generic_accounts as (
    select paid.deposit_payer_account
    from paid
    semi join (select distinct deposit_payer_account from candidate_paid) as candidates using (deposit_payer_account)
    group by paid.deposit_payer_account
    having count(distinct paid.bidder_id) >= $generic_account_min_companies
),

shared_accounts as (
    select
        candidate_paid.tender_id,
        candidate_paid.deposit_payer_account,
        list(distinct candidate_paid.bidder_id order by candidate_paid.bidder_id) as bidder_ids,
        list(distinct candidate_paid.bid_id order by candidate_paid.bid_id) as bid_ids,
        list(distinct candidate_paid.deposit_payer_name order by candidate_paid.deposit_payer_name) as payer_names,
        date_diff('minute', min(candidate_paid.deposit_paid_at), max(candidate_paid.deposit_paid_at)) as minutes_apart
    from candidate_paid
    anti join generic_accounts using (deposit_payer_account)
    group by candidate_paid.tender_id, candidate_paid.deposit_payer_account
    having count(distinct candidate_paid.bidder_id) >= 2  -- two or more bidders paid from this very account
),

weighted as (
    select
        *,
        1 - (1 - $weight_shared_account)
          * (case when minutes_apart is not null and minutes_apart <= $same_minutes_window then 1 - $weight_same_minutes else 1 end) as weight
    from shared_accounts
),

per_tender as (
    select
        tender_id,
        1 - product(1 - weight) as score,
        list_distinct(flatten(list(bidder_ids))) as company_ids,
        list_distinct(flatten(list(bid_ids))) as record_ids,
        list(deposit_payer_account order by deposit_payer_account) as accounts,
        list_distinct(flatten(list(payer_names))) as payer_names,
        min(minutes_apart) as min_minutes_apart
    from weighted
    group by tender_id
),

flagged as (
    select * from per_tender where score >= $min_score
),

bid_rows as (
    select
        flagged.tender_id,
        bids_side_by_side(bids, {
            '保证金付款账户': bids.deposit_payer_account,
            '付款户名': bids.deposit_payer_name,
            '付款时间': strftime(bids.deposit_paid_at, '%Y-%m-%d %H:%M')
        }) as rows
    from flagged
    inner join bids on bids.tender_id = flagged.tender_id
    group by flagged.tender_id
),

final as (
    select
        flagged.tender_id,
        flagged.company_ids,
        flagged.record_ids,
        flagged.score,
        json_object(
            'summary_zh', '标段 ' || flagged.tender_id || ' 中 ' || len(flagged.company_ids) || ' 家不同投标人的投标保证金从同一账户（'
                || array_to_string(flagged.accounts, '、')
                || case when len(flagged.payer_names) > 0 then '，户名 ' || array_to_string(flagged.payer_names, '、') else '' end
                || '）转出'
                || case when flagged.min_minutes_apart is not null then '，付款时间相差 ' || flagged.min_minutes_apart || ' 分钟' else '' end
                || '，疑似串通投标（条例第四十条第（六）项）。',
            'summary_en', 'Deposits of ' || len(flagged.company_ids) || ' bidders in tender ' || flagged.tender_id
                || ' were paid from one account (' || array_to_string(flagged.accounts, ', ') || '): suspected collusion, Reg 40(6).',
            'facts', json_object(
                'shared_accounts', len(flagged.accounts),
                'companies_sharing', len(flagged.company_ids),
                'minutes_between_payments', flagged.min_minutes_apart,
                'threshold_same_minutes_window', $same_minutes_window,
                'combined_score', round(flagged.score, 3),
                'threshold_min_score', $min_score
            ),
            'tables', [json_object('title_zh', '各投标人投标保证金来源', 'rows', bid_rows.rows)],
            'highlight', flagged.accounts
        ) as evidence
    from flagged
    inner join bid_rows on bid_rows.tender_id = flagged.tender_id
)

select * from final
