import type { CommandOptions } from './Command.ts';

/**
 * The Kafka connection flags shared by `bidwatch publish` and `bidwatch ingest`; their values
 * go to kafkaSettings(), which falls back to the BIDWATCH_KAFKA_* variables named here.
 * No parseArgs defaults on purpose: a default would hide the environment variable.
 */
export const kafkaCommandOptions = {
  brokers: {
    type: 'string',
    valueName: 'host:port,...',
    description: 'Kafka bootstrap brokers, comma-separated [env BIDWATCH_KAFKA_BROKERS; default 127.0.0.1:9092]',
  },
  'client-id': { type: 'string', valueName: 'id', description: 'Kafka client id [env BIDWATCH_KAFKA_CLIENT_ID; default bidwatch]' },
  'topic-prefix': {
    type: 'string',
    valueName: 'prefix',
    description: 'record topics are <prefix><type> [env BIDWATCH_KAFKA_TOPIC_PREFIX; default "tender."]',
  },
  'sasl-mechanism': {
    type: 'string',
    valueName: 'mechanism',
    description: 'SASL: plain, scram-sha-256 or scram-sha-512 [env BIDWATCH_KAFKA_SASL_MECHANISM]',
  },
  'sasl-username': { type: 'string', valueName: 'user', description: 'SASL user [env BIDWATCH_KAFKA_SASL_USERNAME]' },
  'sasl-password': {
    type: 'string',
    valueName: 'password',
    description: 'SASL password; prefer env BIDWATCH_KAFKA_SASL_PASSWORD (flags show in `ps`)',
  },
  ssl: { type: 'boolean', description: 'connect with TLS [env BIDWATCH_KAFKA_SSL=true]' },
  'ssl-ca': { type: 'string', valueName: 'file', description: 'PEM CA bundle for a private CA; implies --ssl [env BIDWATCH_KAFKA_SSL_CA]' },
} satisfies CommandOptions;
