-- bid_evidence_row(bid): one bid as a row of an evidence table, the columns every bid table starts with.
-- `bid` is a row of mart_bids (or of a CTE with its bid_id, bidder_id, bidder_name, price, status) passed by its alias.
create or replace temp macro bid_evidence_row(bid) as {
    '投标编号': bid.bid_id,
    '投标人': coalesce(bid.bidder_name, bid.bidder_id),
    '报价(元)': bid.price,
    '状态': bid_status_zh(bid.status)
}
