/**
 * A parameter override that cannot apply (scan --params): a rule id no rule has, a key the
 * rule's schema lacks (with the closest valid one), or a value of the wrong type or range.
 */
export class ParameterOverrideError extends Error {
  constructor(
    readonly code: 'unknown_rule' | 'unknown_key' | 'bad_value' | 'not_an_object',
    message: string,
  ) {
    super(message);
    this.name = 'ParameterOverrideError';
  }
}
