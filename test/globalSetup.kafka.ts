/**
 * Vitest global setup for the Kafka integration tests: one real broker (Kafka 3.9, KRaft) for
 * the whole run, on free ports, in a temp dir, stopped at the end. Tests get its address with
 * `inject('kafkaBootstrap')` and keep out of each other's way with their own topic prefix.
 *
 * On a clean clone the first run fetches the broker jars with Maven (dev-broker/pom.xml) into the
 * git-ignored .kafka/libs; later runs reuse them. Needs `java` (17+) and `mvn` on PATH.
 *
 * Set BIDWATCH_TEST_KAFKA_BROKERS=host:port to run the tests against a broker that is already
 * up (e.g. `npm run kafka:up`) instead of starting one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { KafkaBroker } from '../dev-broker/KafkaBroker.ts';
import { findOrInstallJavaAndMaven } from './support/javaAndMaven.ts';

/** The kafkajs clients' log (the tests provoke broker errors on purpose): kept out of the test output. */
const KAFKA_CLIENT_LOG = join(import.meta.dirname, '.artifacts', 'kafkajs.log');

declare module 'vitest' {
  export interface ProvidedContext {
    /** `host:port` of the test broker, for `brokers: [...]`. */
    kafkaBootstrap: string;
  }
}

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  // Set before the test workers start, so they (and the CLI processes they spawn) inherit it.
  mkdirSync(join(import.meta.dirname, '.artifacts'), { recursive: true });
  writeFileSync(KAFKA_CLIENT_LOG, '');
  process.env.BIDWATCH_KAFKA_LOG_FILE ??= KAFKA_CLIENT_LOG;
  const external = process.env.BIDWATCH_TEST_KAFKA_BROKERS;
  if (external) {
    provide('kafkaBootstrap', external);
    return async () => {};
  }
  findOrInstallJavaAndMaven();
  const broker = await KafkaBroker.start({ log: (line) => process.stderr.write(`[globalSetup] ${line}\n`) });
  provide('kafkaBootstrap', broker.bootstrap);
  return async () => {
    await broker.stop();
  };
}
