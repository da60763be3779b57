import { readFileSync } from 'node:fs';
import { logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { z } from 'zod';
import { recordTypeNames, type RecordType } from '../../db/recordSchemas.ts';
import { kafkaLogCreator } from './kafkaLogCreator.ts';
import { KafkaSettingsError } from './KafkaSettingsError.ts';

export const saslMechanisms = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof saslMechanisms)[number];

/** Flag values as `bidwatch` parses them (see kafkaCommandOptions.ts); undefined = not given. */
export type KafkaFlags = Partial<Record<(typeof sources)[keyof typeof sources]['flag'], string | boolean | string[] | undefined>>;

/** Where Kafka connects and which topics it uses, resolved and checked. */
export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Consumer group of `bidwatch ingest`: its committed offsets are the ingest's progress. */
  readonly groupId: string;
  readonly topicPrefix: string;
  /** `<prefix><type>` for every record type (records.md: `tender.bids` ...). */
  readonly topics: Readonly<Record<RecordType, string>>;
  readonly deadLetterTopic: string;
  readonly sasl: { readonly mechanism: SaslMechanism; readonly username: string } | null;
  readonly ssl: boolean;
  readonly sslCa: string | null;
  /** The kafkajs client config. A function, so printing the settings never shows the password. */
  kafkaConfig(): KafkaConfig;
}

/** Each setting's flag and environment variable. A flag wins over the environment. */
const sources = {
  brokers: { flag: 'brokers', env: 'BIDWATCH_KAFKA_BROKERS' },
  clientId: { flag: 'client-id', env: 'BIDWATCH_KAFKA_CLIENT_ID' },
  groupId: { flag: 'group', env: 'BIDWATCH_KAFKA_GROUP' },
  topicPrefix: { flag: 'topic-prefix', env: 'BIDWATCH_KAFKA_TOPIC_PREFIX' },
  deadLetterTopic: { flag: 'dead-letter-topic', env: 'BIDWATCH_KAFKA_DEAD_LETTER_TOPIC' },
  saslMechanism: { flag: 'sasl-mechanism', env: 'BIDWATCH_KAFKA_SASL_MECHANISM' },
  saslUsername: { flag: 'sasl-username', env: 'BIDWATCH_KAFKA_SASL_USERNAME' },
  saslPassword: { flag: 'sasl-password', env: 'BIDWATCH_KAFKA_SASL_PASSWORD' },
  ssl: { flag: 'ssl', env: 'BIDWATCH_KAFKA_SSL' },
  sslCa: { flag: 'ssl-ca', env: 'BIDWATCH_KAFKA_SSL_CA' },
} as const;

type SettingName = keyof typeof sources;

// Kafka's own limit (Topic.validate): 249 characters of [a-zA-Z0-9._-].
const topicChars = /^[A-Za-z0-9._-]*$/;
const longestType = Math.max(...recordTypeNames.map((t) => t.length), 'dead_letters'.length);

const booleanText = z
  .union([z.boolean(), z.string().trim().toLowerCase()])
  .transform((value, ctx) => {
    if (typeof value === 'boolean') return value;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off', ''].includes(value)) return false;
    ctx.addIssue({ code: 'custom', message: `expected true or false, got "${value}"` });
    return z.NEVER;
  });

const settingsSchema = z
  .object({
    brokers: z
      .string()
      .transform((list) => list.split(',').map((b) => b.trim()).filter((b) => b !== ''))
      .pipe(
        z
          .array(z.string().regex(/^(\[[0-9A-Fa-f:.]+\]|[^\s:/[\]]+):\d{1,5}$/, 'each broker must be host:port'))
          .min(1, 'at least one broker host:port is needed'),
      ),
    clientId: z.string().trim().min(1),
    groupId: z.string().trim().min(1),
    topicPrefix: z
      .string()
      .regex(topicChars, 'topic names allow only letters, digits, ".", "_" and "-"')
      .max(249 - longestType, 'prefix too long for a Kafka topic name'),
    deadLetterTopic: z.string().regex(topicChars, 'topic names allow only letters, digits, ".", "_" and "-"').min(1).max(249).optional(),
    saslMechanism: z.string().trim().toLowerCase().pipe(z.enum(saslMechanisms)).optional(),
    saslUsername: z.string().min(1).optional(),
    saslPassword: z.string().min(1).optional(),
    ssl: booleanText,
    sslCa: z.string().min(1).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.saslMechanism && (!s.saslUsername || !s.saslPassword)) {
      ctx.addIssue({ code: 'custom', path: [s.saslUsername ? 'saslPassword' : 'saslUsername'], message: `SASL ${s.saslMechanism} needs a username and a password` });
    }
    if (!s.saslMechanism && (s.saslUsername || s.saslPassword)) {
      ctx.addIssue({ code: 'custom', path: ['saslMechanism'], message: `a SASL username/password is given but no mechanism (${saslMechanisms.join(', ')})` });
    }
    const deadLetters = s.deadLetterTopic ?? `${s.topicPrefix}dead_letters`;
    if (recordTypeNames.some((type) => `${s.topicPrefix}${type}` === deadLetters)) {
      ctx.addIssue({ code: 'custom', path: ['deadLetterTopic'], message: `"${deadLetters}" is a record topic` });
    }
  });

const defaults: Partial<Record<SettingName, string>> = {
  // 127.0.0.1, not localhost: Node may resolve localhost to ::1 first while the `kafka:up`
  // broker listens on IPv4 only.
  brokers: '127.0.0.1:9092',
  clientId: 'bidwatch',
  groupId: 'bidwatch-ingest',
  topicPrefix: 'tender.',
  ssl: 'false',
};

/**
 * Resolves the Kafka settings from command-line flags, then `BIDWATCH_KAFKA_*` variables, then
 * defaults (a local broker on 127.0.0.1:9092, topics `tender.<type>`). An empty variable counts
 * as unset. Throws KafkaSettingsError naming the flag and variable of every bad value.
 *
 * @example
 * const settings = kafkaSettings({ brokers: 'kafka-1:9093,kafka-2:9093', ssl: true });
 * const kafka = new Kafka(settings.kafkaConfig());
 * settings.topics.bids; // 'tender.bids'
 */
export function kafkaSettings(flags: KafkaFlags = {}, env: NodeJS.ProcessEnv = process.env): KafkaSettings {
  const input: Partial<Record<SettingName, string | boolean>> = {};
  for (const [name, { flag, env: variable }] of Object.entries(sources) as [SettingName, (typeof sources)[SettingName]][]) {
    const fromFlag = flags[flag];
    const fromEnv = env[variable];
    const value = fromFlag !== undefined ? (Array.isArray(fromFlag) ? fromFlag.join(',') : fromFlag) : fromEnv !== undefined && fromEnv !== '' ? fromEnv : defaults[name];
    if (value !== undefined) input[name] = value;
  }
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) {
    throw new KafkaSettingsError(
      'invalid_settings',
      parsed.error.issues.map((issue) => {
        const name = issue.path[0] as SettingName | undefined;
        const where = name ? `--${sources[name].flag} / ${sources[name].env}` : 'Kafka settings';
        return `${where}: ${issue.message}`;
      }),
    );
  }
  const s = parsed.data;
  let ca: Buffer | undefined;
  if (s.sslCa) {
    try {
      ca = readFileSync(s.sslCa);
    } catch (error) {
      throw new KafkaSettingsError('unreadable_ca', [`--ssl-ca / BIDWATCH_KAFKA_SSL_CA: cannot read ${s.sslCa}: ${(error as Error).message}`]);
    }
  }
  const sasl = s.saslMechanism && s.saslUsername && s.saslPassword
    ? ({ mechanism: s.saslMechanism, username: s.saslUsername, password: s.saslPassword } as SASLOptions)
    : undefined;
  const ssl = s.ssl || ca !== undefined;
  const topics = Object.fromEntries(recordTypeNames.map((type) => [type, `${s.topicPrefix}${type}`])) as Record<RecordType, string>;
  return {
    brokers: s.brokers,
    clientId: s.clientId,
    groupId: s.groupId,
    topicPrefix: s.topicPrefix,
    topics,
    deadLetterTopic: s.deadLetterTopic ?? `${s.topicPrefix}dead_letters`,
    sasl: s.saslMechanism && s.saslUsername ? { mechanism: s.saslMechanism, username: s.saslUsername } : null,
    ssl,
    sslCa: s.sslCa ?? null,
    kafkaConfig: () => ({
      clientId: s.clientId,
      brokers: [...s.brokers],
      ssl: ca ? { ca: [ca] } : ssl,
      ...(sasl ? { sasl } : {}),
      // kafkajs' 1 s default is too short for a TLS + SASL handshake to a remote cluster.
      connectionTimeout: 10_000,
      authenticationTimeout: 10_000,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(),
    }),
  };
}
