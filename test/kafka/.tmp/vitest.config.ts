import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { root: '/work/main', include: ['test/kafka/**/*.test.ts'], globalSetup: ['test/globalSetup.kafka.ts'], testTimeout: 120_000, hookTimeout: 180_000 } });
