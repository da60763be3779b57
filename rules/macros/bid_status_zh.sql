-- bid_status_zh(status): a bid's status (records.md bids.status) as the evidence tables show it.
-- 否决 is the word of Bidding Law Art. 42 and Reg Art. 51 (否决投标); an unknown status shows as recorded.
create or replace temp macro bid_status_zh(status) as
    case status
        when 'valid' then '有效'
        when 'disqualified' then '否决'
        when 'withdrawn' then '撤回'
        else status
    end
