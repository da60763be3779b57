import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { kafkaSettings } from '../../ingest/kafka/kafkaSettings.ts';

const issuesOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return { code: (error as { code?: string }).code, issues: (error as { issues?: string[] }).issues };
  }
  return 'no error';
};

describe('kafkaSettings', () => {
  test('defaults to the local broker and tender.<type> topics', () => {
    const s = kafkaSettings({}, {});
    expect({ ...s, kafkaConfig: undefined }).toEqual({
      brokers: ['127.0.0.1:9092'],
      clientId: 'bidwatch',
      groupId: 'bidwatch-ingest',
      topicPrefix: 'tender.',
      topics: {
        persons: 'tender.persons',
        companies: 'tender.companies',
        projects: 'tender.projects',
        approvals: 'tender.approvals',
        milestones: 'tender.milestones',
        tenders: 'tender.tenders',
        bids: 'tender.bids',
        awards: 'tender.awards',
        contracts: 'tender.contracts',
      },
      deadLetterTopic: 'tender.dead_letters',
      sasl: null,
      ssl: false,
      sslCa: null,
      kafkaConfig: undefined,
    });
    expect(s.kafkaConfig()).toMatchObject({ clientId: 'bidwatch', brokers: ['127.0.0.1:9092'], ssl: false });
    expect(s.kafkaConfig().sasl).toBeUndefined();
  });

  test('reads the environment; flags win; an empty variable counts as unset', () => {
    const env = {
      BIDWATCH_KAFKA_BROKERS: 'kafka-1:9093, kafka-2:9093',
      BIDWATCH_KAFKA_CLIENT_ID: 'nightly',
      BIDWATCH_KAFKA_GROUP: 'bidwatch-nightly',
      BIDWATCH_KAFKA_TOPIC_PREFIX: 'ggzy.',
      BIDWATCH_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      BIDWATCH_KAFKA_SASL_USERNAME: 'bidwatch',
      BIDWATCH_KAFKA_SASL_PASSWORD: 's3cret',
      BIDWATCH_KAFKA_SSL: 'true',
      BIDWATCH_KAFKA_DEAD_LETTER_TOPIC: '',
    };
    const fromEnv = kafkaSettings({}, env);
    expect([fromEnv.brokers, fromEnv.clientId, fromEnv.groupId, fromEnv.topics.bids, fromEnv.deadLetterTopic, fromEnv.sasl, fromEnv.ssl]).toEqual([
      ['kafka-1:9093', 'kafka-2:9093'],
      'nightly',
      'bidwatch-nightly',
      'ggzy.bids',
      'ggzy.dead_letters',
      { mechanism: 'scram-sha-512', username: 'bidwatch' },
      true,
    ]);
    expect(fromEnv.kafkaConfig()).toMatchObject({
      brokers: ['kafka-1:9093', 'kafka-2:9093'],
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'bidwatch', password: 's3cret' },
    });
    // The password is only inside kafkaConfig(), never in what a log line would print.
    expect(JSON.stringify(fromEnv)).not.toContain('s3cret');

    const fromFlags = kafkaSettings({ brokers: '10.0.0.5:9092', 'topic-prefix': 'replay.', 'dead-letter-topic': 'replay.rejected' }, env);
    expect([fromFlags.brokers, fromFlags.topics.projects, fromFlags.deadLetterTopic, fromFlags.clientId]).toEqual([
      ['10.0.0.5:9092'],
      'replay.projects',
      'replay.rejected',
      'nightly',
    ]);
  });

  test('reads a private CA bundle and turns TLS on', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bidwatch-ca-'));
    try {
      const ca = path.join(dir, 'ca.pem');
      await writeFile(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      const s = kafkaSettings({ 'ssl-ca': ca }, {});
      expect([s.ssl, s.sslCa]).toEqual([true, ca]);
      expect(s.kafkaConfig().ssl).toEqual({ ca: [Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')] });
      expect(issuesOf(() => kafkaSettings({ 'ssl-ca': path.join(dir, 'missing.pem') }, {}))).toMatchObject({ code: 'unreadable_ca' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('names the flag and the variable of every bad value', () => {
    expect(
      issuesOf(() =>
        kafkaSettings(
          { brokers: 'kafka-1', 'topic-prefix': 'tender/' },
          { BIDWATCH_KAFKA_SASL_MECHANISM: 'gssapi', BIDWATCH_KAFKA_SSL: 'maybe' },
        ),
      ),
    ).toEqual({
      code: 'invalid_settings',
      issues: [
        '--brokers / BIDWATCH_KAFKA_BROKERS: each broker must be host:port',
        '--topic-prefix / BIDWATCH_KAFKA_TOPIC_PREFIX: topic names allow only letters, digits, ".", "_" and "-"',
        '--sasl-mechanism / BIDWATCH_KAFKA_SASL_MECHANISM: Invalid option: expected one of "plain"|"scram-sha-256"|"scram-sha-512"',
        '--ssl / BIDWATCH_KAFKA_SSL: expected true or false, got "maybe"',
      ],
    });
  });

  test('SASL needs mechanism, user and password together; dead letters need their own topic', () => {
    expect(issuesOf(() => kafkaSettings({ 'sasl-mechanism': 'plain', 'sasl-username': 'u' }, {}))).toEqual({
      code: 'invalid_settings',
      issues: ['--sasl-password / BIDWATCH_KAFKA_SASL_PASSWORD: SASL plain needs a username and a password'],
    });
    expect(issuesOf(() => kafkaSettings({}, { BIDWATCH_KAFKA_SASL_USERNAME: 'u', BIDWATCH_KAFKA_SASL_PASSWORD: 'p' }))).toEqual({
      code: 'invalid_settings',
      issues: ['--sasl-mechanism / BIDWATCH_KAFKA_SASL_MECHANISM: a SASL username/password is given but no mechanism (plain, scram-sha-256, scram-sha-512)'],
    });
    expect(issuesOf(() => kafkaSettings({ 'dead-letter-topic': 'tender.bids' }, {}))).toEqual({
      code: 'invalid_settings',
      issues: ['--dead-letter-topic / BIDWATCH_KAFKA_DEAD_LETTER_TOPIC: "tender.bids" is a record topic'],
    });
  });
});
