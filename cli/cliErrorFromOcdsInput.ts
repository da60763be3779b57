import { OcdsInputError } from '../ingest/ocds/readOcdsReleases.ts';
import { CliError } from './CliError.ts';

/** An OCDS input that cannot be read at all (missing, empty directory, not a package) is the user's to fix: exit 2 with the reason, no stack. */
export function cliErrorFromOcdsInput(error: unknown): never {
  if (error instanceof OcdsInputError) throw new CliError(error.message);
  throw error;
}
