import { checkParameterOverrides, type ParameterOverrides } from '../rules/checkParameterOverrides.ts';
import { ParameterOverrideError } from '../rules/ParameterOverrideError.ts';
import type { Rule } from '../rules/Rule.ts';
import { rules as registry } from '../rules/registry.ts';
import { CliError } from './CliError.ts';

/**
 * Checks a --params file against every rule before the scan opens the database or loads a
 * line: unknown rule id, unknown key (with the closest valid one) or wrong value → exit 2.
 */
export function checkParameterFile(path: string, parameters: unknown, selected: readonly Rule[]): ParameterOverrides {
  try {
    checkParameterOverrides(parameters, selected, registry);
    return parameters as ParameterOverrides;
  } catch (error) {
    if (error instanceof ParameterOverrideError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
}
