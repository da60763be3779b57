/**
 * A rule failed to run: which rule, and why (bad parameters, SQL error, bad hit shape, a declared
 * table or column missing, a dependency that is unknown or circular).
 */
export class RuleError extends Error {
  constructor(
    readonly ruleId: string,
    readonly code: 'bad_parameters' | 'evaluation_failed' | 'bad_hits' | 'missing_input_table' | 'bad_dependencies',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`rule ${ruleId}: ${message}`, options);
    this.name = 'RuleError';
  }
}
