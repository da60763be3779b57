-- model: mart_company_contacts
-- materialized: table
-- grain: one row per company
-- description: A company's registered address, phone and email normalised for comparison (A6 related bidders). Address: full-width to half-width, parenthetical remarks, spaces and punctuation removed, the 省/市/区县 prefixes split off (kept as address_city / address_district / address_units so that "人民路1号" in two cities stays two addresses), 栋/幢/座/号楼 unified, a trailing 号/室 dropped. Phone: digits only, extension and +86/0086 dropped, area code split off (phone_area, null when not given). Email: lower case, half-width.
-- unique: company_id
-- not_null: company_id
with companies as (
    select company_id, name, legal_rep_id, address, phone, email from stg_companies
),

-- Full-width forms (common in hand-typed Chinese records) to ASCII, then strip spaces and punctuation.
halfwidth as (
    select
        company_id,
        name,
        legal_rep_id,
        address as address_raw,
        phone as phone_raw,
        email as email_raw,
        translate(
            lower(coalesce(address, '')),
            '０１２３４５６７８９ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ－＃',
            '0123456789abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz-#'
        ) as address_half,
        translate(coalesce(phone, ''), '０１２３４５６７８９－＋（）　', '0123456789-+() ') as phone_half,
        translate(lower(trim(coalesce(email, ''))), '＠．ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ０１２３４５６７８９', '@.abcdefghijklmnopqrstuvwxyz0123456789') as email_half
    from companies
),

-- Parenthetical remarks ("（住所）", "(自编号)") are annotations, not part of the address.
address_clean as (
    select *,
        regexp_replace(
            regexp_replace(address_half, '[（(][^）)]*[）)]', '', 'g'),
            '[\s　,，、.。·・\-－—_()（）#:：;；"“”''‘’]', '', 'g') as a0
    from halfwidth
),

-- Administrative prefixes, outermost first. Name characters exclude street words so "人民路市场巷" keeps its 市.
address_province as (
    select *,
        regexp_extract(a0, '^(\p{Han}{2,3}省|\p{Han}{2,7}自治区|\p{Han}{2}特别行政区)', 1) as province_part
    from address_clean
),

address_city as (
    select *,
        regexp_extract(substr(a0, length(province_part) + 1),
            '^([^区县市州盟省路街道巷号村镇乡\d]{2,8}?(市|自治州|地区|盟))', 1) as city_part
    from address_province
),

address_district as (
    select *,
        regexp_extract(substr(a0, length(province_part) + length(city_part) + 1),
            '^([^区县市州盟省路街道巷号村镇乡\d]{1,8}?(区|县|旗|市))', 1) as district_part
    from address_city
),

address_tail as (
    select *,
        regexp_replace(
            regexp_replace(
                substr(a0, length(province_part) + length(city_part) + length(district_part) + 1),
                '(号楼|栋|幢|座)', '栋', 'g'),
            '(号|室)$', '') as tail
    from address_district
),

-- Phones: cut an extension (转/分机/ext, or a short last group after a full local number), keep digits.
phone_digits as (
    select *,
        regexp_replace(
            regexp_replace(
                regexp_replace(phone_half, '(转|分机|ext|x|#).*$', '', 'i'),
                '^(.*\d{7,8})\s*-\s*\d{1,5}$', '\1'),
            '[^0-9]', '', 'g') as p0
    from address_tail
),

phone_national as (
    select *,
        case
            when p0 like '0086%' then substr(p0, 5)
            when p0 like '86%' and length(p0) >= 12 then substr(p0, 3)
            else p0
        end as p1,
        p0 like '0086%' or (p0 like '86%' and length(p0) >= 12) as had_country_code
    from phone_digits
),

-- After +86 the area code has no leading 0 ("+86 871 6512 3456"): put it back, mobiles start with 1.
phone_trunk as (
    select *,
        case
            when had_country_code and p1 not like '0%' and not (p1 like '1%' and length(p1) = 11) and length(p1) >= 9 then '0' || p1
            else p1
        end as p2
    from phone_national
),

phone_split as (
    select *,
        case
            when p2 like '1%' and length(p2) = 11 then null
            when (p2 like '01%' or p2 like '02%') and length(p2) between 10 and 11 then substr(p2, 1, 3)
            when p2 like '0%' and length(p2) between 11 and 12 then substr(p2, 1, 4)
        end as area
    from phone_trunk
),

final as (
    select
        company_id,
        name,
        legal_rep_id,
        address_raw,
        nullif(city_part, '') as address_city,
        nullif(district_part, '') as address_district,
        -- The administrative units named, whatever their level ("宣威市" alone or under "曲靖市").
        list_filter([nullif(city_part, ''), nullif(district_part, '')], x -> x is not null) as address_units,
        -- A tail this short ("1号") says nothing on its own.
        case when length(tail) >= 4 then tail end as address_key,
        phone_raw,
        area as phone_area,
        case
            when area is not null then substr(p2, length(area) + 1)
            when length(p2) = 11 and p2 like '1%' then p2
            when length(p2) between 7 and 8 then p2
        end as phone_key,
        email_raw,
        case when regexp_matches(email_half, '^[^@\s]+@[^@\s]+\.[a-z]{2,}$') then replace(email_half, ' ', '') end as email_key
    from phone_split
)

select * from final
