import { defineConfig } from 'vitest/config';

// Two tiers (README, "Kiểm thử"): `fast` is the inner loop of unit tests (`npm run test:fast`); `slow` runs the
// commands end to end, real processes (*.process.test.ts), the office checks (*-office.test.ts), the fixture
// generators and the suites under test/. `npm test` runs both, after the typecheck.
const SLOW = ['src/commands/**/*.test.ts', 'src/**/*.process.test.ts', 'src/**/*-office.test.ts', 'tools/**/*.test.ts', 'test/**/*.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'fast', include: ['src/**/*.test.ts', 'tools/**/*.test.ts'], exclude: SLOW } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
