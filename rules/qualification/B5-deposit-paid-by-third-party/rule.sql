-- B5 deposit paid by a third party. Grain: one hit per bid whose deposit came from a payer (by name or by account)
-- other than the bidder and its consortium members.
-- Names compare normalised: lower case, no spaces or punctuation, full-width brackets folded, 有限责任公司 = 有限公司.
with companies as (
    select
        company_id,
        name,
        regexp_replace(replace(lower(name), '有限责任公司', '有限公司'), '[\s()（）【】\[\]·.,，、。\-—_"“”'']', '', 'g') as name_key
    from stg_companies
),

-- Every deposit, narrow: what the market-wide account usage and the checks need. The bid's other columns are read
-- for the candidates only (below): the materialised `known` held every deposit with its bid's texts and lists, which at
-- 10M bids outgrew DuckDB's memory limit and spilled. Bids are keyed by their row in mart_bids (`bid_row`).
deposits as (
    select
        rowid as bid_row, bidder_id,
        deposit_payer_account as payer_account,
        deposit_payer_name as payer_name
    from mart_bids
    where status <> 'withdrawn'
      and (deposit_payer_account is not null or deposit_payer_name is not null)
),

-- A bid whose bidder is unknown cannot be compared (a data gap).
known as materialized (
    select
        deposits.*,
        companies.name_key as bidder_key,
        -- Most payers are written exactly as the bidder's name: skip the regular expression for them.
        case when deposits.payer_name = companies.name then companies.name_key
             else regexp_replace(replace(lower(deposits.payer_name), '有限责任公司', '有限公司'), '[\s()（）【】\[\]·.,，、。\-—_"“”'']', '', 'g')
        end as payer_key
    from deposits
    inner join companies on companies.company_id = deposits.bidder_id
),

-- Who owns an account: the companies that pay their own deposits (payer name = their name) from it, market-wide.
account_usage as materialized (
    select payer_account, bidder_id as owner_id, count(*) as n_self_paid
    from known
    where payer_account is not null and payer_key = bidder_key
    group by all
),

-- Nearly every deposit names the bidder and comes from an account only the bidder uses: only the rest is examined.
candidate_rows as (
    select known.*
    from known
    where known.payer_key is not null and known.payer_key <> known.bidder_key
    union
    select known.*
    from known
    semi join account_usage
        on account_usage.payer_account = known.payer_account and account_usage.owner_id <> known.bidder_id
),

candidates as materialized (
    select
        bids.bid_id, bids.tender_id, candidate_rows.bidder_id, bids.bidder_name, bids.consortium_ids, bids.is_winner, bids.price,
        candidate_rows.payer_account, candidate_rows.payer_name, bids.deposit_paid_at as paid_at,
        candidate_rows.bidder_key, candidate_rows.payer_key
    from candidate_rows
    inner join mart_bids as bids on bids.rowid = candidate_rows.bid_row
),

-- The bidder and its consortium members.
members as (
    select member_ids.bid_id, companies.company_id, companies.name_key
    from (select bid_id, unnest(list_concat([bidder_id], consortium_ids)) as company_id from candidates) as member_ids
    inner join companies on companies.company_id = member_ids.company_id
),

member_keys as (
    select bid_id, list(company_id) as member_ids, list(name_key) as member_name_keys
    from members
    group by bid_id
),

-- An account belongs to whoever pays their own deposits from it most often: a company's basic account carries many of its
-- deposits, an accomplice's bid borrows it once. The account is another's when some non-member used it more than the
-- bidder and its members together (this bid included).
account_owners as (
    select
        candidates.bid_id,
        list(account_usage.owner_id order by account_usage.owner_id) filter (
            where not list_contains(member_keys.member_ids, account_usage.owner_id)
        ) as other_ids,
        max(account_usage.n_self_paid) filter (where not list_contains(member_keys.member_ids, account_usage.owner_id)) as other_uses,
        coalesce(sum(account_usage.n_self_paid) filter (where list_contains(member_keys.member_ids, account_usage.owner_id)), 0) as member_uses
    from candidates
    inner join member_keys on member_keys.bid_id = candidates.bid_id
    inner join account_usage on account_usage.payer_account = candidates.payer_account
    group by candidates.bid_id
),

checked as (
    select
        candidates.*,
        member_keys.member_ids,
        candidates.payer_key is not null
            and not list_contains(member_keys.member_name_keys, candidates.payer_key)
            and not list_bool_or(list_transform($guarantor_name_keywords, k -> contains(candidates.payer_name, k))) as name_mismatch,
        coalesce(account_owners.other_uses > account_owners.member_uses, false) as account_mismatch,
        case when coalesce(account_owners.other_uses > account_owners.member_uses, false)
             then account_owners.other_ids else []::varchar[] end as account_owner_ids
    from candidates
    inner join member_keys on member_keys.bid_id = candidates.bid_id
    left join account_owners on account_owners.bid_id = candidates.bid_id
),

flagged as (
    select
        checked.*,
        payer_companies.company_id as payer_company_id
    from checked
    left join companies as payer_companies on payer_companies.name_key = checked.payer_key and checked.name_mismatch
    where checked.name_mismatch or checked.account_mismatch
),

final as (
    select
        flagged.tender_id,
        list_distinct(list_concat([flagged.bidder_id], flagged.account_owner_ids,
            case when flagged.payer_company_id is null then [] else [flagged.payer_company_id] end)) as company_ids,
        [flagged.bid_id] as record_ids,
        least(1.0,
            case when flagged.name_mismatch then $score_name_mismatch else $score_account_mismatch end
            + case when flagged.name_mismatch and flagged.account_mismatch then 0.05 else 0 end
            + case when flagged.is_winner then 0.05 else 0 end) as score,
        json_object(
            'summary_zh', coalesce(flagged.bidder_name, flagged.bidder_id) || ' 在标段 ' || flagged.tender_id || ' 的投标保证金（投标 '
                || flagged.bid_id || '）'
                || case when flagged.name_mismatch then '由 ' || flagged.payer_name || ' 缴纳'
                        else '付款账户（' || flagged.payer_account || '）系 ' || array_to_string(owners.owner_names, '、') || ' 缴纳自身保证金所用的账户' end
                || case when flagged.name_mismatch and flagged.account_mismatch then '，付款账户亦属他人' else '' end
                || '，非投标人基本账户转出，' || case when flagged.is_winner then '且该投标人中标，' else '' end
                || '疑似挂靠、借用资质投标（条例第二十六条、建市规〔2019〕1号第十条）。',
            'summary_en', 'The deposit of bid ' || flagged.bid_id || ' by ' || flagged.bidder_id || ' was paid by '
                || coalesce(flagged.payer_name, 'an account of another company') || ': suspected third-party payment.',
            'facts', json_object(
                'payer_name', flagged.payer_name,
                'payer_account', flagged.payer_account,
                'name_mismatch', flagged.name_mismatch,
                'account_mismatch', flagged.account_mismatch,
                'account_owner_ids', array_to_string(flagged.account_owner_ids, ','),
                'is_winner', flagged.is_winner
            ),
            'tables', [json_object('title_zh', '投标保证金缴纳情况', 'rows', [json_object(
                '投标编号', flagged.bid_id,
                '投标人', coalesce(flagged.bidder_name, flagged.bidder_id),
                '联合体成员', array_to_string(flagged.consortium_ids, '、'),
                '付款人', flagged.payer_name,
                '付款账户', flagged.payer_account,
                '缴纳时间', strftime(flagged.paid_at, '%Y-%m-%d %H:%M'),
                '账户的实际使用单位', array_to_string(owners.owner_names, '、')
            )])],
            'highlight', list_filter([flagged.payer_name, case when flagged.account_mismatch then flagged.payer_account end], x -> x is not null)
        ) as evidence
    from flagged
    left join (
        select owner_ids.bid_id, list(companies.name order by companies.name) as owner_names
        from (select bid_id, unnest(account_owner_ids) as company_id from flagged) as owner_ids
        inner join companies on companies.company_id = owner_ids.company_id
        group by owner_ids.bid_id
    ) as owners on owners.bid_id = flagged.bid_id
)

select * from final
