/** What a reader may not see in full. */
export interface MaskPolicy {
  /** Bank account and certificate numbers (personal-data practice, 《中华人民共和国个人信息保护法》第五十一条): last 4 characters only. */
  numbers: boolean;
  /** People's names as 张* (analysts: read-only access, PIPL Art. 6 "minimum necessary"). */
  personNames: boolean;
}

/** The static report and every export: numbers masked, names shown (they are read by reviewers). */
export const defaultMaskPolicy: MaskPolicy = { numbers: true, personNames: false };

/** Field names (evidence columns and facts, Chinese or English) that hold an account or a certificate number. */
export const sensitiveNumberKey = /account|账户|账号|证书|cert/i;
/** Field names that hold a person's name (not a company's: the value is checked too). */
const personNameKey = /姓名|人员|付款人|户名|payer_name|person_name/i;
/** A Chinese personal name: 2–4 Han characters (a middle dot for minority names), no company word. */
const personName = /^[\u4e00-\u9fa5]{1,3}(·[\u4e00-\u9fa5]{1,6})?[\u4e00-\u9fa5]$/;

/** 张三 → 张*, 欧阳娜娜 → 欧***: the surname stays, so a reader can still tell two people apart in one case. */
export const maskPersonName = (name: string): string => `${name.slice(0, 1)}${'*'.repeat(Math.max(1, name.length - 1))}`;

/**
 * Masks one field by its name: account and certificate numbers show only their last 4
 * characters; person names (when the policy says so) keep the surname. Person ids are already
 * pseudonymised. Other values pass through.
 */
export function maskSensitive(key: string, value: unknown, policy: MaskPolicy = defaultMaskPolicy): unknown {
  if (typeof value !== 'string') return value;
  if (policy.numbers && sensitiveNumberKey.test(key) && value.length > 4) return `${'*'.repeat(Math.min(8, value.length - 4))}${value.slice(-4)}`;
  if (policy.personNames && personNameKey.test(key)) {
    return value.split('、').map((part) => (personName.test(part) ? maskPersonName(part) : part)).join('、');
  }
  return value;
}
