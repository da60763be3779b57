export type KafkaSettingsErrorCode = 'invalid_settings' | 'unreadable_ca';

/**
 * Kafka connection settings (flags or BIDWATCH_KAFKA_* environment) that cannot work. `issues`
 * name the flag or variable to fix, e.g. `--brokers / BIDWATCH_KAFKA_BROKERS: ...`.
 */
export class KafkaSettingsError extends Error {
  constructor(
    readonly code: KafkaSettingsErrorCode,
    readonly issues: string[],
  ) {
    super(`invalid Kafka settings:\n  ${issues.join('\n  ')}`);
    this.name = 'KafkaSettingsError';
  }
}
