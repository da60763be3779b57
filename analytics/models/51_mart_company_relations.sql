-- model: mart_company_relations
-- materialized: table
-- grain: one row per pair of related companies (company_a < company_b), relation kind and the value they share
-- description: Links between companies from the registry (Reg 34 and collusion screens): same legal representative, one holds shares in the other, a common shareholder, one's legal representative holds shares in the other, same normalised address, phone or email (mart_company_contacts). `value_companies` = how many companies carry the shared value, so rules can drop generic values (a business-park address, an agency's phone). Values carried by more than 50 companies are not expanded into pairs at all (they would say nothing and cost quadratic rows). The registry is a snapshot: links are as last recorded, not dated.
-- not_null: company_a, company_b, relation, via, via_type, value_companies
with contacts as (
    select * from mart_company_contacts
),

holders as (
    select company_id, holder_id, holder_type, share
    from stg_company_shareholders
    where holder_id is not null and holder_id <> company_id
),

-- Companies that share one legal representative (Reg 34 "单位负责人为同一人").
legal_rep_groups as (
    select legal_rep_id, count(*) over (partition by legal_rep_id) as value_companies, company_id
    from contacts
    where legal_rep_id is not null
),

same_legal_rep as (
    select a.company_id as company_a, b.company_id as company_b, 'legal_rep' as relation, a.legal_rep_id as via, 'person' as via_type,
           null::double as share_a, null::double as share_b, a.value_companies
    from legal_rep_groups as a
    inner join legal_rep_groups as b on b.legal_rep_id = a.legal_rep_id and a.company_id < b.company_id
    where a.value_companies <= 50
),

-- One company holds shares in the other (Reg 34 "控股、管理关系"). share_b = the holder's share when the holder is company_a.
shareholding as (
    select
        least(holders.holder_id, holders.company_id) as company_a,
        greatest(holders.holder_id, holders.company_id) as company_b,
        'shareholding' as relation,
        holders.holder_id as via,
        'company' as via_type,
        case when holders.holder_id > holders.company_id then holders.share end as share_a,
        case when holders.holder_id < holders.company_id then holders.share end as share_b,
        1 as value_companies
    from holders
    where holders.holder_type = 'company'
),

holder_groups as (
    select *, count(*) over (partition by holder_id) as value_companies
    from holders
),

-- A common shareholder (person or company) in both: sister companies.
common_shareholder as (
    select a.company_id as company_a, b.company_id as company_b, 'common_shareholder' as relation, a.holder_id as via, a.holder_type as via_type,
           a.share as share_a, b.share as share_b, a.value_companies
    from holder_groups as a
    inner join holder_groups as b on b.holder_id = a.holder_id and a.company_id < b.company_id
    where a.value_companies <= 50
),

-- One company's legal representative is a shareholder of the other.
rep_holds_shares as (
    select
        least(contacts.company_id, holders.company_id) as company_a,
        greatest(contacts.company_id, holders.company_id) as company_b,
        'rep_holds_shares' as relation,
        contacts.legal_rep_id as via,
        'person' as via_type,
        case when holders.company_id < contacts.company_id then holders.share end as share_a,
        case when holders.company_id > contacts.company_id then holders.share end as share_b,
        1 as value_companies
    from contacts
    inner join holders on holders.holder_id = contacts.legal_rep_id and holders.holder_type = 'person'
    where contacts.company_id <> holders.company_id
),

address_groups as (
    select company_id, address_key, address_city, address_district, address_units, count(*) over (partition by address_key) as value_companies
    from contacts
    where address_key is not null
),

-- Same address once normalised; the administrative units one names must all be among those the other names
-- ("宣威市…" matches "曲靖市宣威市…", "昆明市五华区…" does not match "曲靖市麒麟区…").
same_address as (
    select a.company_id as company_a, b.company_id as company_b, 'address' as relation,
           array_to_string(case when len(a.address_units) >= len(b.address_units) then a.address_units else b.address_units end, '')
             || a.address_key as via, 'address' as via_type,
           null::double as share_a, null::double as share_b, a.value_companies
    from address_groups as a
    inner join address_groups as b on b.address_key = a.address_key and a.company_id < b.company_id
    where a.value_companies <= 50
      and (list_has_all(a.address_units, b.address_units) or list_has_all(b.address_units, a.address_units))
),

phone_groups as (
    select company_id, phone_key, phone_area, count(*) over (partition by phone_key) as value_companies
    from contacts
    where phone_key is not null
),

same_phone as (
    select a.company_id as company_a, b.company_id as company_b, 'phone' as relation,
           coalesce(a.phone_area || '-', b.phone_area || '-', '') || a.phone_key as via, 'phone' as via_type,
           null::double as share_a, null::double as share_b, a.value_companies
    from phone_groups as a
    inner join phone_groups as b on b.phone_key = a.phone_key and a.company_id < b.company_id
    where a.value_companies <= 50
      and (a.phone_area is null or b.phone_area is null or a.phone_area = b.phone_area)
),

email_groups as (
    select company_id, email_key, count(*) over (partition by email_key) as value_companies
    from contacts
    where email_key is not null
),

same_email as (
    select a.company_id as company_a, b.company_id as company_b, 'email' as relation, a.email_key as via, 'email' as via_type,
           null::double as share_a, null::double as share_b, a.value_companies
    from email_groups as a
    inner join email_groups as b on b.email_key = a.email_key and a.company_id < b.company_id
    where a.value_companies <= 50
),

final as (
    select * from same_legal_rep
    union all select * from shareholding
    union all select * from common_shareholder
    union all select * from rep_holds_shares
    union all select * from same_address
    union all select * from same_phone
    union all select * from same_email
)

select * from final
