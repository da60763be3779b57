import { z } from 'zod';

/**
 * Which purchases the splitting rules (C1, C2, C4) judge: the procurement methods that count as
 * tendering, and the investment types outside the must-tender scope. Shared so the family
 * agrees on what "not tendered" means.
 */
export const splittingScope = {
  tendered_methods: z
    .array(z.string())
    .default(['open', 'invited'])
    .describe('Methods that are tendering under the Bidding Law (Art. 10: 公开招标 and 邀请招标). Parts bought this way are lawful lots, not evasion; invited tendering of state-funded work is C3\'s question.'),
  excluded_investment_types: z
    .array(z.string())
    .default(['private'])
    .describe('Project investment types outside the must-tender scope: O16 Arts. 2–3 cover state and foreign-loan funds; privately funded projects are only in scope as infrastructure (发改法规规〔2018〕843号), which the records cannot tell. Purchases with no project stay in scope.'),
};
