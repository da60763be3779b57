import { describe, expect, it } from 'vitest';
import { groupFlagsIntoCases } from '../leads/groupFlagsIntoCases.ts';
import { assignLeadIds } from '../leads/assignLeadIds.ts';

const flag = (flag_id: string, tender_ids: string[], project_code: string | null = null, case_key: string | null = null) => ({
  flag_id, tender_ids, project_code, case_key,
});

describe('groupFlagsIntoCases', () => {
  it('joins a ring with the statutory hits in its tenders, and a project with its tenders, and nothing else', () => {
    const cases = groupFlagsIntoCases([
      flag('ring', ['T1', 'T2', 'T3'], null, 'ring:abc'),
      flag('a1', ['T2']),
      flag('a3', ['T3']),
      flag('d1', ['T9'], 'P1'),
      flag('c1', [], 'P1'),
      flag('e4', [], null, 'buyer:B7'),
      flag('lonely', ['T5']),
    ]);
    expect(cases).toEqual([
      { keys: ['buyer:B7'], flagIds: ['e4'] },
      { keys: ['project:P1', 'tender:T9'], flagIds: ['c1', 'd1'] },
      { keys: ['ring:abc', 'tender:T1', 'tender:T2', 'tender:T3'], flagIds: ['a1', 'a3', 'ring'] },
      { keys: ['tender:T5'], flagIds: ['lonely'] },
    ]);
  });
});

describe('assignLeadIds', () => {
  it('gives a fresh database deterministic ids from the case keys', () => {
    const cases = [{ keys: ['tender:T1'], flagIds: ['f'] }, { keys: ['tender:T2'], flagIds: ['g'] }];
    const first = assignLeadIds(cases, []);
    expect(assignLeadIds(cases, [])).toEqual(first);
    expect(first[0]).toMatch(/^L-[0-9a-f]{10}$/);
    expect(first[0]).not.toBe(first[1]);
  });

  it('keeps the id of a case that grew, and gives a split-off part a new id', () => {
    const known = [{ lead_id: 'L-ring', first_seen_run: 'run-1', keys: ['ring:abc', 'tender:T1', 'tender:T2'] }];
    const grown = { keys: ['ring:abc', 'tender:T1', 'tender:T2', 'tender:T7'], flagIds: ['x'] };
    const splitOff = { keys: ['tender:T2'], flagIds: ['y'] };
    const ids = assignLeadIds([splitOff, grown], known);
    expect(ids[1]).toBe('L-ring');
    expect(ids[0]).not.toBe('L-ring');
  });

  it('lets the older lead win when two known leads merge into one case', () => {
    const known = [
      { lead_id: 'L-new', first_seen_run: 'run-2', keys: ['tender:T2'] },
      { lead_id: 'L-old', first_seen_run: 'run-1', keys: ['tender:T1'] },
    ];
    expect(assignLeadIds([{ keys: ['tender:T1', 'tender:T2'], flagIds: ['z'] }], known)).toEqual(['L-old']);
  });
});
