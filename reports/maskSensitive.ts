/**
 * Masks values reviewers must not see in full (seed 000 §五 and personal-data practice):
 * bank accounts show only their last 4 characters. Person ids are already pseudonymised.
 */
export function maskSensitive(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (/account|账户|账号/i.test(key) && value.length > 4) return `${'*'.repeat(Math.min(8, value.length - 4))}${value.slice(-4)}`;
  return value;
}
