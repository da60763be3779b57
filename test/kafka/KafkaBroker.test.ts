import { existsSync } from 'node:fs';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { describe, expect, inject, test } from 'vitest';
import { kafkaLogCreator } from '../../ingest/kafka/kafkaLogCreator.ts';
import { KafkaBroker } from '../../dev-broker/KafkaBroker.ts';
import { readTopics } from './readTopics.ts';

describe('KafkaBroker', () => {
  test('refuses a port that is taken instead of talking to whoever holds it', async () => {
    const port = Number(inject('kafkaBootstrap').split(':').pop());
    await expect(KafkaBroker.start({ port, log: () => {} })).rejects.toMatchObject({ name: 'KafkaBrokerError', code: 'port-in-use' });
  });

  test('keeps its topics through a crash and restart; a connected producer carries on', async () => {
    const broker = await KafkaBroker.start({ log: () => {} });
    try {
      const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, logCreator: kafkaLogCreator() });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'restart', numPartitions: 1 }] });
      await admin.disconnect();
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      try {
        await producer.send({ topic: 'restart', acks: -1, messages: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] });
        const pid = broker.pid;

        await broker.restart({ hard: true });

        expect(broker.pid).not.toBe(pid);
        await producer.send({ topic: 'restart', acks: -1, messages: [{ key: 'c', value: '3' }] });
      } finally {
        await producer.disconnect();
      }
      const messages = await readTopics(broker.bootstrap, ['restart']);
      expect(messages.map((m) => [m.key, m.value?.toString()])).toEqual([['a', '1'], ['b', '2'], ['c', '3']]);
    } finally {
      await broker.stop();
    }
    expect(existsSync(broker.dataDir)).toBe(false);
  });
});
