export type InputErrorCode =
  /** `--input` names nothing. */
  | 'not_found'
  /** `--input` names a file; the loader reads a directory of `<type>.jsonl`. */
  | 'not_a_directory'
  /** The directory holds no `<type>.jsonl` file. */
  | 'nothing_loadable'
  /** Demo (generated) data and real records would share one database. */
  | 'mixed_origin';

/**
 * The input cannot be loaded as given; the message says what was expected, what was found and
 * what to do. Nothing has been written when it is thrown. The CLI prints it and exits 2.
 */
export class InputError extends Error {
  constructor(
    readonly code: InputErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}
