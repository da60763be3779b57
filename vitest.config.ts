import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (everything but Kafka) starts no JVM; `kafka` runs against a real
 * Apache Kafka broker that test/globalSetup.kafka.ts starts on free ports and stops after.
 * `npm test` runs both.
 */
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    env: { TZ: 'Asia/Shanghai' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/kafka/**'] } },
      { extends: true, test: { name: 'kafka', include: ['test/kafka/**/*.test.ts'], globalSetup: ['test/globalSetup.kafka.ts'] } },
    ],
  },
});
