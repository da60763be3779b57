/** A rule failed to run: which rule, and why (bad parameters, SQL error, bad hit shape). */
export class RuleError extends Error {
  constructor(
    readonly ruleId: string,
    readonly code: 'bad_parameters' | 'evaluation_failed' | 'bad_hits',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`rule ${ruleId}: ${message}`, options);
    this.name = 'RuleError';
  }
}
