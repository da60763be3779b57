import { join } from 'node:path';
import { aptInstall } from './aptInstall.ts';
import { onPath } from './chromium.ts';

/** Debian's JDK (17 on bookworm) and Maven, which fetches the broker's jars on the first run. */
export const JAVA_MAVEN_PACKAGES = ['default-jdk-headless', 'maven'] as const;
export const JAVA_MAVEN_INSTALL_COMMAND = `sudo apt-get install -y ${JAVA_MAVEN_PACKAGES.join(' ')}`;

export interface JavaMavenSearch {
  /** Where JAVA_HOME, BIDWATCH_MVN and PATH are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** May the setup install packages? Default: running as root with apt-get on PATH. */
  canInstall?: boolean;
  install?: (packages: readonly string[]) => void;
  log?: (line: string) => void;
}

/**
 * Makes sure the Kafka tests can start their broker (dev-broker/KafkaBroker.ts): `java` (from
 * JAVA_HOME or PATH) and `mvn` (BIDWATCH_MVN or PATH). Missing ones are installed from Debian
 * when running as root, saying so; otherwise it throws an error whose message is the one command to run.
 *
 * @example
 * findOrInstallJavaAndMaven(); // in test/globalSetup.kafka.ts, before the broker starts
 */
export function findOrInstallJavaAndMaven(search: JavaMavenSearch = {}): void {
  const env = search.env ?? process.env;
  const log = search.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const missing = () => [
    ...(env.JAVA_HOME ? onPath(join(env.JAVA_HOME, 'bin'), ['java']) : onPath(env.PATH ?? '', ['java'])) ? [] : ['java'],
    ...(env.BIDWATCH_MVN ?? onPath(env.PATH ?? '', ['mvn'])) ? [] : ['mvn'],
  ];
  const before = missing();
  if (before.length === 0) return;
  const canInstall = search.canInstall ?? (process.getuid?.() === 0 && onPath(env.PATH ?? '', ['apt-get']) !== null);
  if (!canInstall) {
    throw new Error(
      `The Kafka tests start a local broker and need Java 17+ and Maven; not found: ${before.join(', ')}. ` +
        `Install them with: ${JAVA_MAVEN_INSTALL_COMMAND}   (or point BIDWATCH_TEST_KAFKA_BROKERS=host:port at a running broker)`,
    );
  }
  log(`[test setup] ${before.join(' and ')} not found: installing Debian's ${JAVA_MAVEN_PACKAGES.join(' ')} (apt-get, as root) for the Kafka tests …`);
  (search.install ?? aptInstall)(JAVA_MAVEN_PACKAGES);
  const after = missing();
  if (after.length > 0) throw new Error(`installed ${JAVA_MAVEN_PACKAGES.join(' ')}, yet ${after.join(', ')} is not on PATH: check the apt output above`);
}
