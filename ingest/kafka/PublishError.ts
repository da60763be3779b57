export type PublishErrorCode = 'not_a_directory' | 'no_record_files' | 'send_timeout';

/** `publishDirectory` could not do its job; `code` says which way, the message says what to do. */
export class PublishError extends Error {
  constructor(
    readonly code: PublishErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PublishError';
  }
}
