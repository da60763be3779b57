-- model: v_companies
-- materialized: view
-- grain: one row per company (统一社会信用代码)
-- description: Analyst view (stable interface, see docs/schema.md): a company's registry data with its qualifications, shareholders and credit sanctions as lists, and its activity as bidder, winner, supplier and buyer.
-- unique: company_id
-- not_null: company_id, name, n_bids, n_wins, n_contracts, n_tenders_as_buyer
-- column: company_id: 统一社会信用代码
-- column: name: 企业名称
-- column: legal_rep_id: person id of the 法定代表人
-- column: legal_rep_name: that person's name
-- column: address: 注册地址 as recorded
-- column: phone: 联系电话 as recorded
-- column: email: 联系邮箱 as recorded
-- column: established_on: 成立日期
-- column: registered_capital: 注册资本, yuan
-- column: qualifications: 资质 certificates, sorted: list of {qualification_type, grade, cert_no, valid_from, valid_to}
-- column: shareholders: sorted by holder id: list of {holder_id, holder_type (person or company), holder_name, share (0..1)}
-- column: credit_records: 失信/不良行为 sanctions by date: list of {sanction_from, sanction_to, kind (严重违法失信, 行贿犯罪, 围标串标处罚 ...), authority}
-- column: n_bids: bids submitted as lead bidder
-- column: n_valid_bids: of those, with status valid
-- column: n_wins: tenders it currently holds the award of
-- column: first_bid_at: submission time of its first bid (else that tender's deadline)
-- column: last_bid_at: submission time of its latest bid (else that tender's deadline)
-- column: n_contracts: contracts as supplier
-- column: contract_value: total value of those contracts, yuan
-- column: n_tenders_as_buyer: tenders it put out as 招标人/采购人
-- column: updated_at: the company record's updated_at
-- Inputs that several steps read (stg_companies, stg_persons) are named where used, not as one
-- CTE: DuckDB materializes a CTE read twice in full, and then cannot prune its unused columns.
with shareholders as (
    select
        holders.company_id,
        -- Person and company ids never collide (32-hex hashes vs 18-char credit codes), so both
        -- lookups are plain equi-joins; a join condition on holder_type made DuckDB fall back to a
        -- nested-loop join (minutes on 50k companies).
        list_sort(list({'holder_id': holders.holder_id, 'holder_type': holders.holder_type,
                        'holder_name': case holders.holder_type when 'person' then holder_persons.name else holder_companies.name end,
                        'share': holders.share})) as shareholders
    from stg_company_shareholders as holders
    left join stg_persons as holder_persons on holder_persons.person_id = holders.holder_id
    left join stg_companies as holder_companies on holder_companies.company_id = holders.holder_id
    group by holders.company_id
),

qualifications as (
    select
        company_id,
        -- list_sort orders by the struct's first field onwards: an ordered aggregate is several times slower on many small groups.
        list_sort(list({'qualification_type': qualification_type, 'grade': grade, 'cert_no': cert_no, 'valid_from': valid_from, 'valid_to': valid_to})) as qualifications
    from stg_company_qualifications
    group by company_id
),

credit_records as (
    select
        company_id,
        list_sort(list({'sanction_from': sanction_from, 'sanction_to': sanction_to, 'kind': kind, 'authority': authority})) as credit_records
    from stg_company_credit_records
    group by company_id
),

bidding as (
    select
        bidder_id as company_id,
        count(*) as n_bids,
        count(*) filter (where status = 'valid') as n_valid_bids,
        min(coalesce(submitted_at, bid_deadline)) as first_bid_at,
        max(coalesce(submitted_at, bid_deadline)) as last_bid_at
    from mart_bids
    group by bidder_id
),

wins as (
    select winner_id as company_id, count(*) as n_wins
    from mart_tenders
    where winner_id is not null
    group by winner_id
),

supplying as (
    select supplier_id as company_id, count(*) as n_contracts, sum(value) as contract_value
    from stg_contracts
    group by supplier_id
),

buying as (
    select buyer_id as company_id, count(*) as n_tenders_as_buyer
    from stg_tenders
    group by buyer_id
),

final as (
    select
        companies.company_id,
        companies.name,
        companies.legal_rep_id,
        legal_reps.name as legal_rep_name,
        companies.address,
        companies.phone,
        companies.email,
        companies.established_on,
        companies.registered_capital,
        coalesce(qualifications.qualifications, []) as qualifications,
        coalesce(shareholders.shareholders, []) as shareholders,
        coalesce(credit_records.credit_records, []) as credit_records,
        coalesce(bidding.n_bids, 0) as n_bids,
        coalesce(bidding.n_valid_bids, 0) as n_valid_bids,
        coalesce(wins.n_wins, 0) as n_wins,
        bidding.first_bid_at,
        bidding.last_bid_at,
        coalesce(supplying.n_contracts, 0) as n_contracts,
        coalesce(supplying.contract_value, 0) as contract_value,
        coalesce(buying.n_tenders_as_buyer, 0) as n_tenders_as_buyer,
        companies.updated_at
    from stg_companies as companies
    left join stg_persons as legal_reps on legal_reps.person_id = companies.legal_rep_id
    left join qualifications on qualifications.company_id = companies.company_id
    left join shareholders on shareholders.company_id = companies.company_id
    left join credit_records on credit_records.company_id = companies.company_id
    left join bidding on bidding.company_id = companies.company_id
    left join wins on wins.company_id = companies.company_id
    left join supplying on supplying.company_id = companies.company_id
    left join buying on buying.company_id = companies.company_id
)

select * from final
