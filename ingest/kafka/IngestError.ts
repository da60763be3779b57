export type IngestErrorCode =
  | 'broker_unreachable'
  /** Kafka answered with an error: authentication, authorisation, a topic it cannot create ... */
  | 'kafka_error'
  | 'no_topics'
  | 'consumer_crashed'
  | 'load_failed'
  | 'dead_letter_send_failed';

/**
 * `ingestTopics` stopped without reaching its end. Whatever the code, nothing is lost: offsets are
 * committed only for batches DuckDB has committed, so the next run reads the rest again.
 * `cause` holds the kafkajs or DuckDB error.
 */
export class IngestError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IngestError';
  }
}
