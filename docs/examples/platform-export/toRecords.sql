-- A trading platform's bid-opening export (开标记录, one row per bid, Chinese headers) → the record
-- contract (docs/records.md): tenders.jsonl, bids.jsonl, companies.jsonl in records/.
-- Run where the export is: mkdir -p records && duckdb < toRecords.sql
-- Then: npx bidwatch scan --input records --db data/platform.duckdb
create temp table export as
select * from read_csv('bid-opening-export.csv', header = true, all_varchar = true);

-- The version of every record: when the export was taken (Beijing time, with its offset).
create temp table export_taken as select '2024-04-01T08:00:00+08:00' as updated_at;

copy (
    select distinct
        "标段编号" as id,
        "标段名称" as title,
        "招标人统一社会信用代码" as buyer_id,
        case "招标方式" when '公开招标' then 'open' when '邀请招标' then 'invited' when '竞争性谈判' then 'competitive_negotiation'
            when '竞争性磋商' then 'competitive_consultation' when '单一来源' then 'single_source' when '询价' then 'inquiry' end as method,
        case "工程类别" when '施工' then 'works' when '货物' then 'goods' when '服务' then 'services' end as category,
        -- The contract's money is yuan, never 万元.
        round(cast("最高投标限价(万元)" as decimal(18, 6)) * 10000, 2)::double as ceiling_price,
        -- Platform times are Beijing local time without an offset: add it.
        strftime(strptime("公告发布时间", '%Y-%m-%d %H:%M'), '%Y-%m-%dT%H:%M:00+08:00') as announced_at,
        strftime(strptime("投标截止时间", '%Y-%m-%d %H:%M'), '%Y-%m-%dT%H:%M:00+08:00') as bid_deadline,
        export_taken.updated_at
    from export, export_taken
) to 'records/tenders.jsonl' (format json);

copy (
    select
        "标段编号" || '-' || "投标人统一社会信用代码" as id,
        "标段编号" as tender_id,
        "投标人统一社会信用代码" as bidder_id,
        round(cast("投标报价(元)" as decimal(18, 2)), 2)::double as price,
        case "是否有效" when '是' then 'valid' else 'disqualified' end as status,
        nullif(trim("否决原因"), '') as disqualification_reason,
        export_taken.updated_at
    from export, export_taken
) to 'records/bids.jsonl' (format json);

copy (
    select distinct "投标人统一社会信用代码" as id, "投标人" as name, export_taken.updated_at
    from export, export_taken
    union
    select distinct "招标人统一社会信用代码", "招标人", export_taken.updated_at
    from export, export_taken
) to 'records/companies.jsonl' (format json);
