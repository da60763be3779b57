-- bids_side_by_side(bid [, extra_columns]): the bids of one group (a tender) side by side, cheapest first, as the rows
-- of an evidence table: bid_evidence_row's columns, then the rule's own (a struct literal, e.g. {'项目经理': bid.pm}).
-- An aggregate: use it with `group by` the tender. Ties in price keep the bid id order, so evidence is reproducible.
create or replace temp macro bids_side_by_side
    (bid) as list(bid_evidence_row(bid) order by bid.price, bid.bid_id),
    (bid, extra_columns) as list(struct_concat(bid_evidence_row(bid), extra_columns) order by bid.price, bid.bid_id)
